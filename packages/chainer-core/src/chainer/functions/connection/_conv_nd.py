"""Geometry and array kernels shared by the N-dimensional convolutions.

Layouts (``N`` spatial axes, ``G`` groups):

* image ``x``: ``(n, c, d_1, ..., d_N)``;
* convolution filter ``W``: ``(c_O, c_I / G, k_1, ..., k_N)``;
* patches ("col"): ``(n, c, k_1, ..., k_N, o_1, ..., o_N)``, where entry
  ``[b, ch, j_1, ..., j_N, i_1, ..., i_N]`` is ``x[b, ch, i_1 * s_1 - p_1 + j_1 * t_1, ...]``
  (zero outside ``x``) for stride ``s``, padding ``p`` and dilation ``t``.

Patches come from one strided view of the (padded) image copied once; the
products are single ``xp.matmul`` calls, batched over the batch and the groups.
"""

from __future__ import annotations

import itertools
import numbers

import numpy

import chainer
from chainer.utils import get_conv_outsize, get_deconv_outsize


def as_tuple(func, name, value, ndim, minimum):
    """``value`` (an int or a sequence of ``ndim`` ints) as a tuple of ``ndim`` ints.

    Raises:
        TypeError: when ``value`` is neither.
        ValueError: when the length is wrong or an entry is below ``minimum``.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        values = (int(value),) * ndim
    elif isinstance(value, (tuple, list)) and all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value
    ):
        if len(value) != ndim:
            raise ValueError(
                f"{func}: {name} must be an int or a sequence of {ndim} ints (one per spatial "
                f"axis), got {len(value)} values: {tuple(value)!r}"
            )
        values = tuple(int(v) for v in value)
    else:
        raise TypeError(
            f"{func}: {name} must be an int or a sequence of {ndim} ints, not {value!r}"
        )
    if min(values, default=minimum) < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, got {value!r}")
    return values


def as_groups(func, groups):
    """``groups`` as a positive int."""
    if not isinstance(groups, numbers.Integral) or isinstance(groups, bool):
        raise TypeError(f"{func}: groups must be an int, not {groups!r}")
    if groups < 1:
        raise ValueError(f"{func}: groups must be at least 1, got {groups}")
    return int(groups)


def spatial_ndim(func, x, ndim=None):
    """The number of spatial axes of ``x``: ``x.ndim - 2`` (at least 1, ``ndim`` if given)."""
    n_spatial = len(x.shape) - 2
    if n_spatial < 1 or (ndim is not None and n_spatial != ndim):
        want = "at least one" if ndim is None else str(ndim)
        raise ValueError(
            f"{func}: x must have shape (n, c, d_1, ...) with {want} spatial axis(es) after "
            f"the batch and channel axes, got shape {tuple(x.shape)}"
        )
    return n_spatial


def conv_outsize(in_size, ksize, stride, pad, cover_all, dilate):
    """Output size of a convolution, per spatial axis."""
    return tuple(
        get_conv_outsize(d, k, s, p, cover_all, t)
        for d, k, s, p, t in zip(in_size, ksize, stride, pad, dilate)
    )


def deconv_outsize(in_size, ksize, stride, pad, dilate):
    """Default output size of a deconvolution (the smallest one), per spatial axis."""
    return tuple(
        get_deconv_outsize(d, k, s, p, d=t)
        for d, k, s, p, t in zip(in_size, ksize, stride, pad, dilate)
    )


def deconv_cover_all(in_size, out_size, ksize, stride, pad, dilate):
    """Whether the convolution matching a deconvolution to ``out_size`` needs ``cover_all``."""
    return any(
        d != get_conv_outsize(o, k, s, p, d=t)
        for d, o, k, s, p, t in zip(in_size, out_size, ksize, stride, pad, dilate)
    )


def compute_dtype(dtype):
    """The dtype the products run in: float32 for float16 (accuracy and BLAS), else ``dtype``."""
    dtype = numpy.dtype(dtype)
    return numpy.dtype(numpy.float32) if dtype == numpy.float16 else dtype


def _extents(in_size, out_size, ksize, stride, pad, dilate):
    """Per axis, the length of the padded image the patches read: padding + input + tail."""
    return tuple(
        max(p + d, (o - 1) * s + (k - 1) * t + 1)
        for d, o, k, s, p, t in zip(in_size, out_size, ksize, stride, pad, dilate)
    )


def _is_identity(ksize, stride, pad, in_size, out_size):
    return (
        all(k == 1 for k in ksize)
        and all(s == 1 for s in stride)
        and not any(pad)
        and tuple(in_size) == tuple(out_size)
    )


def _spatial_slices(offsets, lengths):
    return (slice(None), slice(None)) + tuple(slice(a, a + n) for a, n in zip(offsets, lengths))


def im2col(x, ksize, stride, pad, dilate, out_size, dtype, batch_last=False):
    """The patches of ``x`` as a new C-contiguous array of ``dtype``.

    Args:
        x: image ``(n, c, d_1, ..., d_N)``.
        ksize, stride, pad, dilate: tuples of ``N`` ints.
        out_size: the output size per axis (with ``cover_all`` already applied).
        dtype: dtype of the result (the image is converted while being copied).
        batch_last (bool): lay the result out as ``(c, k_1, ..., k_N, n, o_1, ..., o_N)``
            instead of ``(n, c, k_1, ..., o_N)``.

    Returns:
        The patches; reshape to ``(n, c * prod(k), prod(o))`` (or
        ``(c * prod(k), n * prod(o))`` with ``batch_last``) for free.
    """
    xp = chainer.backend.get_array_module(x)
    ndim = len(ksize)
    in_size = x.shape[2:]
    if not batch_last and x.dtype == dtype and _is_identity(ksize, stride, pad, in_size, out_size):
        # A 1 x ... x 1 filter at stride 1 reads every pixel once: the patches are x itself.
        return xp.ascontiguousarray(x).reshape(x.shape[:2] + (1,) * ndim + tuple(out_size))
    extents = _extents(in_size, out_size, ksize, stride, pad, dilate)
    if any(pad) or any(e > d for e, d in zip(extents, in_size)):
        img = xp.zeros(x.shape[:2] + extents, dtype=dtype)
        img[_spatial_slices(pad, in_size)] = x
    else:
        img = x
    strides = img.strides
    view = xp.lib.stride_tricks.as_strided(
        img,
        shape=img.shape[:2] + tuple(ksize) + tuple(out_size),
        strides=strides[:2]
        + tuple(st * t for st, t in zip(strides[2:], dilate))
        + tuple(st * s for st, s in zip(strides[2:], stride)),
    )
    if batch_last:
        view = view.transpose((1, *range(2, 2 + ndim), 0, *range(2 + ndim, 2 + 2 * ndim)))
    col = xp.empty(view.shape, dtype=dtype)
    col[...] = view
    return col


def col2im(col, stride, pad, dilate, out_size):
    """Sums patches back onto the image they were read from (the adjoint of :func:`im2col`).

    Args:
        col: patches ``(n, c, k_1, ..., k_N, i_1, ..., i_N)``.
        stride, pad, dilate: tuples of ``N`` ints.
        out_size: the image size ``(d_1, ..., d_N)`` to produce.

    Returns:
        The image ``(n, c, d_1, ..., d_N)`` (C-contiguous, ``col``'s dtype).
    """
    xp = chainer.backend.get_array_module(col)
    ndim = len(stride)
    ksize = col.shape[2 : 2 + ndim]
    in_size = col.shape[2 + ndim :]
    extents = _extents(out_size, in_size, ksize, stride, pad, dilate)
    img = xp.zeros(col.shape[:2] + extents, dtype=col.dtype)
    # One strided add per kernel offset; the windows of different offsets overlap.
    for offset in itertools.product(*(range(k) for k in ksize)):
        window = (slice(None), slice(None)) + tuple(
            slice(j * t, j * t + (i - 1) * s + 1, s)
            for j, t, i, s in zip(offset, dilate, in_size, stride)
        )
        img[window] += col[(slice(None), slice(None)) + offset]
    if tuple(extents) == tuple(out_size):
        return img
    return xp.ascontiguousarray(img[_spatial_slices(pad, out_size)])


def conv_forward(x, W, b, stride, pad, cover_all, dilate, groups):
    """``y = convolution(x, W) + b``: im2col and one batched product, in ``x``'s dtype."""
    xp = chainer.backend.get_array_module(x)
    ndim = len(stride)
    n = x.shape[0]
    c_out = W.shape[0]
    ksize = W.shape[2:]
    out_size = conv_outsize(x.shape[2:], ksize, stride, pad, cover_all, dilate)
    ct = compute_dtype(x.dtype)
    col = im2col(x, ksize, stride, pad, dilate, out_size, ct)
    k_group = W.shape[1] * _prod(ksize)
    col = col.reshape(n, groups, k_group, _prod(out_size))
    w = W.reshape(groups, c_out // groups, k_group).astype(ct, copy=False)
    y = xp.matmul(w, col)  # (n, G, c_O / G, prod(o))
    del col
    y = y.reshape((n, c_out) + out_size)
    if b is not None:
        y += b.reshape((1, c_out) + (1,) * ndim)
    return y.astype(x.dtype, copy=False)


def deconv_forward(x, W, b, stride, pad, out_size, dilate, groups):
    """``y = deconvolution(x, W) + b`` (the adjoint of convolving by ``W``), in ``x``'s dtype."""
    xp = chainer.backend.get_array_module(x)
    ndim = len(stride)
    n, c_in = x.shape[:2]
    in_size = x.shape[2:]
    ksize = W.shape[2:]
    c_out = W.shape[1] * groups
    ct = compute_dtype(x.dtype)
    xg = x.reshape(n, groups, c_in // groups, _prod(in_size)).astype(ct, copy=False)
    w = W.reshape(groups, c_in // groups, W.shape[1] * _prod(ksize)).astype(ct, copy=False)
    col = xp.matmul(w.transpose(0, 2, 1), xg)  # (n, G, c_O / G * prod(k), prod(i))
    col = col.reshape((n, c_out) + tuple(ksize) + tuple(in_size))
    y = col2im(col, stride, pad, dilate, out_size)
    del col
    if b is not None:
        y += b.reshape((1, c_out) + (1,) * ndim)
    return y.astype(x.dtype, copy=False)


def conv_grad_w(x, gy, ksize, stride, pad, cover_all, dilate, groups, w_dtype):
    """The filter gradient ``gW[o, c, j] = sum_{b, i} gy[b, o, i] * col[b, c, j, i]``.

    One product per group over the whole batch and all output positions.
    """
    xp = chainer.backend.get_array_module(x)
    n, c_in = x.shape[:2]
    c_out = gy.shape[1]
    out_size = gy.shape[2:]
    ct = compute_dtype(x.dtype)
    col = im2col(x, ksize, stride, pad, dilate, out_size, ct, batch_last=True)
    # (G, c_I / G * prod(k), n * prod(o))
    col = col.reshape(groups, c_in // groups * _prod(ksize), n * _prod(out_size))
    gy_t = gy.reshape(n, groups, c_out // groups, _prod(out_size)).transpose(1, 2, 0, 3)
    gy_t = gy_t.astype(ct, order="C").reshape(groups, c_out // groups, n * _prod(out_size))
    gW = xp.matmul(gy_t, col.transpose(0, 2, 1))  # (G, c_O / G, c_I / G * prod(k))
    return gW.reshape((c_out, c_in // groups) + tuple(ksize)).astype(w_dtype, copy=False)


def _prod(values):
    result = 1
    for v in values:
        result *= int(v)
    return result
