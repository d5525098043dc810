"""deformable_convolution_2d_sampler: a 2-d convolution sampling at learned offsets.

Composed of differentiable functions: the input (zero padded) is sampled
bilinearly at the kernel positions moved by ``offset`` with
:func:`~chainer.functions.spatial_transformer_sampler`, giving the patches of
every output pixel, and one (batch-broadcast) matrix product with the filters
makes the output.
"""

from __future__ import annotations

import numpy

import chainer
from chainer.functions.array.pad import pad as _pad
from chainer.functions.array.reshape import reshape
from chainer.functions.array.spatial_transformer_sampler import spatial_transformer_sampler
from chainer.functions.connection._int_pairs import int_pair
from chainer.functions.math.matmul import matmul
from chainer.utils import get_conv_outsize, type_check

_FUNC = "deformable_convolution_2d_sampler"


class _Context:
    """Names the function in the header of an InvalidType message."""

    label = _FUNC


def _check_types(arrays, names, stride, pad):
    in_types = type_check.get_types(tuple(arrays), "in_types", False)
    type_check._argname(in_types, names)
    with type_check.get_function_check_context(_Context):
        x_type, offset_type, w_type = in_types[:3]
        type_check.expect(
            x_type.dtype.kind == "f",
            offset_type.dtype == x_type.dtype,
            w_type.dtype == x_type.dtype,
            x_type.ndim == 4,
            offset_type.ndim == 4,
            w_type.ndim == 4,
            w_type.shape[1] == x_type.shape[1],
            offset_type.shape[0] == x_type.shape[0],
            offset_type.shape[1] == 2 * w_type.shape[2] * w_type.shape[3],
        )
        if len(in_types) == 4:
            b_type = in_types[3]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == w_type.shape[0],
            )
        h, w = arrays[0].shape[2:]
        kh, kw = arrays[2].shape[2:]
        out_h = get_conv_outsize(h, kh, stride[0], pad[0])
        out_w = get_conv_outsize(w, kw, stride[1], pad[1])
        if out_h <= 0 or out_w <= 0 or (out_h, out_w) != arrays[1].shape[2:]:
            raise type_check.InvalidType(
                "offset.shape[2:] == the convolution's output size "
                "((h + 2 * ph - kh) // sy + 1, (w + 2 * pw - kw) // sx + 1) > 0",
                f"x.shape == {arrays[0].shape}, W.shape == {arrays[2].shape}, stride "
                f"{stride} and pad {pad} give {(out_h, out_w)}; "
                f"offset.shape == {arrays[1].shape}",
            )


def deformable_convolution_2d_sampler(x, offset, W, b=None, stride=1, pad=0):
    """Deformable 2-d convolution: each kernel tap reads the input at a learned offset.

    For output pixel ``(i, j)`` and kernel position ``(a, b)`` (``k = a * kw + b``),
    the input (zero padded by ``(ph, pw)``) is read, with bilinear interpolation
    (zero outside), at row ``i * sy + a + offset[:, kh * kw + k, i, j]`` and
    column ``j * sx + b + offset[:, k, i, j]``; the samples are then combined
    with ``W`` as in an ordinary convolution::

        y[n, o, i, j] = sum_{c, a, b} W[o, c, a, b] x_pad(n, c, row, column) + b[o]

    With all offsets zero this is :func:`convolution_2d` with the same stride
    and padding.

    Args:
        x (Variable or array): the input of shape ``(N, C, H, W)``, floating point.
        offset (Variable or array): the offsets of shape
            ``(N, 2 * kh * kw, out_h, out_w)`` and the dtype of ``x``: the first
            ``kh * kw`` channels move the columns, the last ``kh * kw`` the rows.
            ``out_h = (H + 2 * ph - kh) // sy + 1`` and likewise ``out_w``.
        W (Variable or array): the filters of shape ``(O, C, kh, kw)``.
        b (Variable or array): an optional bias of shape ``(O,)``.
        stride (int or pair of ints): the stride ``(sy, sx)``.
        pad (int or pair of ints): the zero padding ``(ph, pw)`` on each side.

    Returns:
        Variable: shape ``(N, O, out_h, out_w)`` and the dtype of ``x``.
    """
    sy, sx = int_pair(stride, _FUNC, "stride", minimum=1)
    ph, pw = int_pair(pad, _FUNC, "pad", minimum=0)
    args = [chainer.as_variable(v) for v in (x, offset, W) + (() if b is None else (b,))]
    names = ("x", "offset", "W", "b")[: len(args)]
    _check_types([v.array for v in args], names, (sy, sx), (ph, pw))
    x, offset, W = args[:3]
    n, c, h, w = x.shape
    out_c, _, kh, kw = W.shape
    out_h, out_w = offset.shape[2:]
    n_taps = kh * kw
    xp = x.xp
    dtype = x.dtype

    # A padded side of one pixel would give the sampler's normalized coordinates
    # a zero range; one more zero pixel (which reads as the sampler's own zero
    # border) avoids it without changing any sample.
    extra_h = 1 if h + 2 * ph == 1 else 0
    extra_w = 1 if w + 2 * pw == 1 else 0
    x_pad = _pad(x, ((0, 0), (0, 0), (ph, ph + extra_h), (pw, pw + extra_w)), "constant")
    height, width = x_pad.shape[2:]

    # Sampling points in padded-image pixels: base position plus offset, then
    # normalized so that -1 and 1 are the first and last pixel centers.
    taps_y, taps_x = numpy.divmod(numpy.arange(n_taps), kw)
    base_x = taps_x[:, None] + (numpy.arange(out_w) * sx)[None, :].repeat(out_h, 0).ravel()
    base_y = taps_y[:, None] + (numpy.arange(out_h) * sy).repeat(out_w)[None, :]
    scale = numpy.array([2.0 / (width - 1), 2.0 / (height - 1)]).reshape(1, 2, 1, 1)
    base = numpy.stack([base_x, base_y])[None] * scale - 1
    grid = reshape(offset, (n, 2, n_taps, out_h * out_w)) * xp.asarray(scale.astype(dtype))
    grid = grid + xp.asarray(base.astype(dtype))

    samples = spatial_transformer_sampler(x_pad, grid)  # (N, C, kh * kw, out_h * out_w)
    samples = reshape(samples, (n, c * n_taps, out_h * out_w))
    y = matmul(reshape(W, (out_c, c * n_taps)), samples)  # (N, O, out_h * out_w)
    y = reshape(y, (n, out_c, out_h, out_w))
    if b is not None:
        y = y + reshape(args[3], (1, out_c, 1, 1))
    return y
