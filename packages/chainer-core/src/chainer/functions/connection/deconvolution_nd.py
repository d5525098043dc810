"""deconvolution_nd: N-dimensional transposed convolution (the data gradient of a convolution)."""

from __future__ import annotations

import numbers

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.connection import _conv_nd
from chainer.functions.connection.convolution_nd import (
    ConvolutionND,
    ConvolutionNDGradW,
    _argnames,
    _bias_axes,
)
from chainer.utils import get_conv_outsize, type_check


class DeconvolutionND(FunctionNode):
    """``y = deconvolution(x, W) + b``: the adjoint of the convolution by ``W``, plus a bias.

    Attributes:
        ndim (int): the number of spatial axes ``N``.
        stride, pad, dilate (tuple of int): per spatial axis.
        outsize (tuple of int or None): the output size; None for the smallest
            one, ``s (d - 1) + (k - 1) t + 1 - 2 p`` per axis.
        groups (int): the number of channel groups.
    """

    def __init__(self, ndim, stride=1, pad=0, outsize=None, dilate=1, groups=1):
        label = type(self).__name__
        self.ndim = int(ndim)
        self.stride = _conv_nd.as_tuple(label, "stride", stride, self.ndim, 1)
        self.pad = _conv_nd.as_tuple(label, "pad", pad, self.ndim, 0)
        if outsize is not None:
            outsize = _conv_nd.as_tuple(label, "outsize", tuple(outsize), self.ndim, 1)
        self.outsize = outsize
        self.dilate = _conv_nd.as_tuple(label, "dilate", dilate, self.ndim, 1)
        self.groups = _conv_nd.as_groups(label, groups)

    def output_size(self, in_size, ksize):
        """The spatial output size for an input of spatial size ``in_size`` and filter ``ksize``."""
        if self.outsize is not None:
            return self.outsize
        return _conv_nd.deconv_outsize(in_size, ksize, self.stride, self.pad, self.dilate)

    def check_type_forward(self, in_types):
        _argnames(in_types, ("x", "W", "b"))
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype.kind == "f",
            x_type.ndim == self.ndim + 2,
            w_type.ndim == self.ndim + 2,
            x_type.shape[1] == w_type.shape[0],
            x_type.shape[1] % self.groups == 0,
        )
        if type_check.eval(in_types.size()) == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == w_type.shape[1] * self.groups,
            )
        in_size = type_check.eval(x_type.shape)[2:]
        ksize = type_check.eval(w_type.shape)[2:]
        if self.outsize is None:
            out_size = self.output_size(in_size, ksize)
            if min(out_size) <= 0:
                raise type_check.InvalidType(
                    "output size > 0 on every spatial axis",
                    f"x.shape[2:] == {tuple(in_size)}, W.shape[2:] == {tuple(ksize)}, "
                    f"stride {self.stride}, pad {self.pad} and dilate {self.dilate} give "
                    f"{out_size}",
                )
            return
        for axis, (d, o, k, s, p, t) in enumerate(
            zip(in_size, self.outsize, ksize, self.stride, self.pad, self.dilate)
        ):
            low = get_conv_outsize(o, k, s, p, d=t)
            high = get_conv_outsize(o, k, s, p, cover_all=True, d=t)
            if not low <= d <= high:
                maps_to = str(low) if low == high else f"{low} to {high}"
                raise type_check.InvalidType(
                    f"the convolution matching outsize[{axis}] == {o} maps it back to "
                    f"x.shape[{axis + 2}] (it maps it to {maps_to})",
                    f"x.shape[{axis + 2}] == {d}",
                )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        out_size = self.output_size(x.shape[2:], W.shape[2:])
        y = _conv_nd.deconv_forward(
            x, W, b, self.stride, self.pad, out_size, self.dilate, self.groups
        )
        return (y,)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        cover_all = _conv_nd.deconv_cover_all(
            x.shape[2:], gy.shape[2:], W.shape[2:], self.stride, self.pad, self.dilate
        )
        ret = []
        if 0 in indexes:
            node = ConvolutionND(
                self.ndim, self.stride, self.pad, cover_all, self.dilate, self.groups
            )
            ret.append(node.apply((gy, W))[0])
        if 1 in indexes:
            node = ConvolutionNDGradW(
                self.ndim,
                W.shape[2:],
                self.stride,
                self.pad,
                cover_all,
                self.dilate,
                self.groups,
                W.dtype,
            )
            ret.append(node.apply((gy, x))[0])
        if 2 in indexes:
            ret.append(chainer.functions.sum(gy, axis=_bias_axes(self.ndim)))
        return tuple(ret)


def _outsize(func, outsize, ndim):
    if outsize is None:
        return None
    if not isinstance(outsize, (tuple, list)) or not all(
        isinstance(o, numbers.Integral) and not isinstance(o, bool) for o in outsize
    ):
        raise TypeError(f"{func}: outsize must be None or a tuple of {ndim} ints, not {outsize!r}")
    return _conv_nd.as_tuple(func, "outsize", tuple(outsize), ndim, 1)


def _deconvolution(func, ndim, x, W, b, stride, pad, outsize, dilate, groups):
    """Checks the arguments of a public deconvolution function (named ``func``) and applies it."""
    stride = _conv_nd.as_tuple(func, "stride", stride, ndim, 1)
    pad = _conv_nd.as_tuple(func, "pad", pad, ndim, 0)
    outsize = _outsize(func, outsize, ndim)
    dilate = _conv_nd.as_tuple(func, "dilate", dilate, ndim, 1)
    groups = _conv_nd.as_groups(func, groups)
    node = DeconvolutionND(ndim, stride, pad, outsize, dilate, groups)
    args = (x, W) if b is None else (x, W, b)
    return node.apply(args)[0]


def deconvolution_nd(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """N-dimensional deconvolution (transposed convolution) of ``x`` by ``W``, plus ``b``.

    The gradient of :func:`convolution_nd` with respect to its input: each
    input element ``x[b, c, i]`` (``c`` in group ``g``) adds
    ``x[b, c, i] * W[c, o, j]`` to output channel ``g * c_O / G + o`` at
    position ``i * s - p + j * t`` for every kernel offset ``j``; contributions
    landing outside the output are dropped.

    Without ``outsize`` the output size along axis ``a`` is
    ``s_a (d_a - 1) + (k_a - 1) t_a + 1 - 2 p_a``. ``outsize`` may ask for a
    larger one, as long as a convolution with the same settings maps it back
    to ``d_a`` (with or without ``cover_all``).

    Args:
        x (Variable or array): floating-point input ``(n, c_I, d_1, ..., d_N)``.
        W (Variable or array): floating-point filters ``(c_I, c_O / G, k_1, ..., k_N)``;
            its dtype may differ from ``x``'s (the product runs in ``x``'s dtype).
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or tuple of ints): the stride ``s``, one per spatial axis.
        pad (int or tuple of ints): the padding ``p`` cropped from both sides.
        outsize (None or tuple of ints): the output size ``(l_1, ..., l_N)``.
        dilate (int or tuple of ints): the dilation ``t`` of the filter.
        groups (int): the number ``G`` of groups; ``c_I`` must be a multiple of it.

    Returns:
        Variable: ``(n, c_O, l_1, ..., l_N)``, ``x``'s dtype.
    """
    ndim = _conv_nd.spatial_ndim("deconvolution_nd", x)
    return _deconvolution("deconvolution_nd", ndim, x, W, b, stride, pad, outsize, dilate, groups)


def deconvolution_1d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """1-dimensional deconvolution: :func:`deconvolution_nd` for ``x`` of shape ``(n, c_I, d)``.

    Args:
        x (Variable or array): floating-point input ``(n, c_I, d)``.
        W (Variable or array): floating-point filters ``(c_I, c_O / groups, k)``.
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or tuple of one int): the stride.
        pad (int or tuple of one int): the padding cropped from both sides.
        outsize (None or tuple of one int): the output size.
        dilate (int or tuple of one int): the dilation of the filter.
        groups (int): the number of channel groups.

    Returns:
        Variable: ``(n, c_O, l)``, ``x``'s dtype.
    """
    _conv_nd.spatial_ndim("deconvolution_1d", x, 1)
    return _deconvolution("deconvolution_1d", 1, x, W, b, stride, pad, outsize, dilate, groups)


def deconvolution_3d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """3-dimensional deconvolution: :func:`deconvolution_nd` for ``x`` shaped ``(n, c_I, d, h, w)``.

    Args:
        x (Variable or array): floating-point input ``(n, c_I, d_1, d_2, d_3)``.
        W (Variable or array): floating-point filters ``(c_I, c_O / groups, k_1, k_2, k_3)``.
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or tuple of 3 ints): the stride.
        pad (int or tuple of 3 ints): the padding cropped from both sides of each axis.
        outsize (None or tuple of 3 ints): the output size.
        dilate (int or tuple of 3 ints): the dilation of the filter.
        groups (int): the number of channel groups.

    Returns:
        Variable: ``(n, c_O, l_1, l_2, l_3)``, ``x``'s dtype.
    """
    _conv_nd.spatial_ndim("deconvolution_3d", x, 3)
    return _deconvolution("deconvolution_3d", 3, x, W, b, stride, pad, outsize, dilate, groups)
