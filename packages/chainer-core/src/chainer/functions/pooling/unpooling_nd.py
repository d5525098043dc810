"""unpooling_nd (and its 1-d and 3-d forms): each input element copied over its whole window.

The inverse layout of pooling: input element ``o`` fills window ``o`` of the
output (windows of size ``ksize`` every ``stride`` elements, ``pad`` cut off
each border); where windows overlap, their values add up.
:class:`UnpoolingND` (forward) and :class:`UnpoolingNDGrad` (the window sums
of the output gradient) are each other's gradient.
"""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.functions.pooling import _pooling
from chainer.utils import type_check


class UnpoolingND(FunctionNode):
    """Unpooling over the ``ndim`` spatial axes of ``(n, c, d_1, ..., d_ndim)``.

    Args:
        ndim (int): the number of spatial axes.
        ksize, stride, pad, outsize, cover_all: see :func:`unpooling_nd`.
        func (str): the public function name, for error messages.
    """

    def __init__(
        self, ndim, ksize, stride=None, pad=0, outsize=None, cover_all=True, *, func="unpooling_nd"
    ):
        self.ndim = ndim
        self.params = _pooling.Params(func, ndim, ksize, stride, pad, cover_all)
        if outsize is not None:
            outsize = _pooling.as_tuple(outsize, ndim, "outsize", 1, func)
        self.outsize = outsize

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim == 2 + self.ndim)
        in_dims = tuple(type_check.eval(x_type.shape)[2:])
        p = self.params
        if self.outsize is not None:
            pooled = p.out_dims(self.outsize)
            if pooled != in_dims:
                raise type_check.InvalidType(
                    f"outsize {self.outsize} pools back to the spatial size of x, {pooled} "
                    f"(ksize {p.ksize}, stride {p.stride}, pad {p.pad}, cover_all {p.cover_all})",
                    f"x.shape[2:] == {in_dims}",
                )
        elif min(p.deconv_dims(in_dims)) <= 0:
            raise type_check.InvalidType(
                "a positive output size",
                f"x.shape[2:] == {in_dims} unpools to {p.deconv_dims(in_dims)} "
                f"(ksize {p.ksize}, stride {p.stride}, pad {p.pad})",
            )

    def forward(self, inputs):
        (x,) = inputs
        outsize = self.outsize or self.params.deconv_dims(x.shape[2:])
        acc = _pooling.accumulation_dtype(x.dtype)
        y = _pooling.sum_unpool(x, self.params, x.shape[:2] + tuple(outsize), acc)
        return (y.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        return UnpoolingNDGrad(self.params, self.inputs[0].shape).apply(grad_outputs)


class UnpoolingNDGrad(FunctionNode):
    """The sum of the output gradient over each window (the gradient of unpooling).

    Args:
        params: the window geometry.
        x_shape (tuple): the shape of the unpooled input (and of the result).
    """

    def __init__(self, params, x_shape):
        self.params = params
        self.x_shape = tuple(x_shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("gy",))
        gy_type = in_types[0]
        type_check.expect(gy_type.dtype.kind == "f", gy_type.ndim == len(self.x_shape))

    def forward(self, inputs):
        (gy,) = inputs
        acc = _pooling.accumulation_dtype(gy.dtype)
        gx = _pooling.sum_pool(gy, self.params, self.x_shape[2:], acc)
        self._out_dims = gy.shape[2:]
        return (gx.astype(gy.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        p = self.params
        node = UnpoolingND(
            p.ndim, p.ksize, p.stride, p.pad, self._out_dims, p.cover_all, func=p.func
        )
        return node.apply(grad_outputs)


def _unpooling(func, ndim, x, ksize, stride, pad, outsize, cover_all, check_axes=True):
    if check_axes:
        _pooling.check_spatial_axes(x, ndim, func)
    node = UnpoolingND(ndim, ksize, stride, pad, outsize, cover_all, func=func)
    return node.apply((x,))[0]


def unpooling_nd(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Unpooling over every spatial axis of an input with N >= 1 of them.

    Each input element ``x[..., o_1, ..., o_N]`` is copied to every position
    of its window in the output: positions ``o_i * s_i - p_i + j_i`` for
    ``0 <= j_i < k_i`` along each axis (positions outside the output are
    dropped); where windows overlap, the copies add up. With ``stride =
    ksize`` and no padding this repeats each element ``k_i`` times per axis.

    Args:
        x (Variable or array): a floating-point input of shape
            ``(n, c, d_1, ..., d_N)``.
        ksize (int or tuple of ints): the window size.
        stride (int, tuple of ints or None): the step between windows; None
            means ``stride = ksize``.
        pad (int or tuple of ints): what is cut off each border of each axis.
        outsize (None, int or tuple of ints): the output's spatial size; None
            means ``s (d - 1) + k - s + 1 - 2 p`` with ``cover_all`` and
            ``s (d - 1) + k - 2 p`` without. A given size must pool back to
            ``d`` with the same settings.
        cover_all (bool): whether the matching pooling used ``cover_all``.

    Returns:
        Variable: shape ``(n, c) + outsize``, the dtype of ``x``.
    """
    ndim = _pooling.spatial_axes_of(x, "unpooling_nd")
    return _unpooling("unpooling_nd", ndim, x, ksize, stride, pad, outsize, cover_all)


def unpooling_1d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Unpooling of the spatial axis of ``(n, c, d)``: :func:`unpooling_nd` with N = 1.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, d)``.
        ksize (int or tuple of one int): the window size.
        stride (int, tuple of one int or None): the step between windows;
            None means ``stride = ksize``.
        pad (int or tuple of one int): what is cut off each border.
        outsize (None, int or tuple of one int): the output length (see
            :func:`unpooling_nd`).
        cover_all (bool): whether the matching pooling used ``cover_all``.

    Returns:
        Variable: shape ``(n, c, outsize)``, the dtype of ``x``.
    """
    return _unpooling("unpooling_1d", 1, x, ksize, stride, pad, outsize, cover_all)


def unpooling_3d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Unpooling of the spatial axes of ``(n, c, d, h, w)``: :func:`unpooling_nd` with N = 3.

    Args:
        x (Variable or array): a floating-point input of shape
            ``(n, c, d, h, w)``.
        ksize (int or tuple of 3 ints): the window size.
        stride (int, tuple of 3 ints or None): the step between windows;
            None means ``stride = ksize``.
        pad (int or tuple of 3 ints): what is cut off each border.
        outsize (None, int or tuple of 3 ints): the output's spatial size
            (see :func:`unpooling_nd`).
        cover_all (bool): whether the matching pooling used ``cover_all``.

    Returns:
        Variable: shape ``(n, c) + outsize``, the dtype of ``x``.
    """
    return _unpooling("unpooling_3d", 3, x, ksize, stride, pad, outsize, cover_all)
