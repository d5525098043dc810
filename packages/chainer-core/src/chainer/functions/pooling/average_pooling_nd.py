"""average_pooling_nd (and its 1-d and 3-d forms): the mean over each window of N spatial axes.

:class:`AveragePoolingND` (forward) and :class:`AveragePoolingNDGrad` (its
data gradient) are separate FunctionNodes; each is linear and the other's
gradient (up to the same window weights), so derivatives of any order work.
"""

from __future__ import annotations

import math

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _pooling
from chainer.utils import type_check


def _check_pad_value(pad_value, func):
    if pad_value is not None and (isinstance(pad_value, bool) or pad_value != 0):
        raise ValueError(f"{func}: pad_value must be 0 or None, not {pad_value!r}")


def _divisor(xp, params, pad_value, img_dims, out_dims, dtype):
    """What each window sum is divided by: the window size, or its count inside the image."""
    if pad_value is None:
        return _pooling.window_counts(xp, params, img_dims, out_dims, dtype)
    return dtype.type(math.prod(params.ksize))


class AveragePoolingND(FunctionNode):
    """Average pooling over the ``ndim`` spatial axes of ``(n, c, d_1, ..., d_ndim)``.

    Args:
        ndim (int): the number of spatial axes.
        ksize, stride, pad: see :func:`average_pooling_nd`.
        pad_value (0 or None): 0 averages over the whole window (padding
            counts as zeros); None averages over the part inside the input.
        func (str): the public function name, for error messages.
    """

    def __init__(self, ndim, ksize, stride=None, pad=0, pad_value=0, *, func="average_pooling_nd"):
        _check_pad_value(pad_value, func)
        self.ndim = ndim
        self.params = _pooling.Params(func, ndim, ksize, stride, pad, False)
        self.pad_value = pad_value

    @property
    def ksize(self):
        return self.params.ksize

    @property
    def stride(self):
        return self.params.stride

    @property
    def pad(self):
        return self.params.pad

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim == 2 + self.ndim)
        self.params.check_windows(x_type)

    def forward(self, inputs):
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        acc = _pooling.accumulation_dtype(x.dtype)
        out_dims = self.params.out_dims(x.shape[2:])
        y = _pooling.sum_pool(x, self.params, out_dims, acc)
        y /= _divisor(xp, self.params, self.pad_value, x.shape[2:], out_dims, acc)
        return (y.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        node = AveragePoolingNDGrad(self.params, self.pad_value, self.inputs[0].shape)
        return node.apply(grad_outputs)


class AveragePoolingNDGrad(FunctionNode):
    """Spreads each ``gy`` element, divided as in the forward, over its window.

    Args:
        params: the pooling geometry.
        pad_value (0 or None): as in :class:`AveragePoolingND`.
        x_shape (tuple): the shape of the pooled input (and of the result).
    """

    def __init__(self, params, pad_value, x_shape):
        self.params = params
        self.pad_value = pad_value
        self.x_shape = tuple(x_shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("gy",))
        gy_type = in_types[0]
        out_shape = self.x_shape[:2] + self.params.out_dims(self.x_shape[2:])
        type_check.expect(gy_type.dtype.kind == "f", gy_type.shape == out_shape)

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        acc = _pooling.accumulation_dtype(gy.dtype)
        div = _divisor(xp, self.params, self.pad_value, self.x_shape[2:], gy.shape[2:], acc)
        g = gy.astype(acc) / div
        gx = _pooling.sum_unpool(g, self.params, self.x_shape, acc)
        return (gx.astype(gy.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        p = self.params
        node = AveragePoolingND(p.ndim, p.ksize, p.stride, p.pad, self.pad_value, func=p.func)
        return node.apply(grad_outputs)


def _average_pooling(func, ndim, x, ksize, stride, pad, pad_value):
    _pooling.check_spatial_axes(x, ndim, func)
    return AveragePoolingND(ndim, ksize, stride, pad, pad_value, func=func).apply((x,))[0]


def average_pooling_nd(x, ksize, stride=None, pad=0, pad_value=0):
    """Average pooling over every spatial axis of an input with N >= 1 of them.

    Each output element is the mean of one channel of ``x`` over one window
    of size ``ksize``; windows start every ``stride`` elements of the input
    padded by ``pad`` on each side. The output size along an axis is
    ``(d + 2 p - k) // s + 1`` (no ``cover_all``).

    Args:
        x (Variable or array): a floating-point input of shape
            ``(n, c, d_1, ..., d_N)``.
        ksize (int or tuple of ints): the window size; an int means the same
            size on every spatial axis.
        stride (int, tuple of ints or None): the step between windows; None
            means ``stride = ksize``.
        pad (int or tuple of ints): the padding on each side of each axis.
        pad_value (0 or None): 0 divides every window sum by the window size
            (padding counts as zeros, so windows at the border are biased
            towards 0); None divides by the number of window elements that
            lie inside the input (padding is left out of the mean).

    Returns:
        Variable: shape ``(n, c, o_1, ..., o_N)``, the dtype of ``x``.
    """
    ndim = _pooling.spatial_axes_of(x, "average_pooling_nd")
    return _average_pooling("average_pooling_nd", ndim, x, ksize, stride, pad, pad_value)


def average_pooling_1d(x, ksize, stride=None, pad=0, pad_value=0):
    """Average pooling over the spatial axis of ``(n, c, d)``: :func:`average_pooling_nd`, N = 1.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, d)``.
        ksize (int or tuple of one int): the window size.
        stride (int, tuple of one int or None): the step between windows;
            None means ``stride = ksize``.
        pad (int or tuple of one int): the padding on each side.
        pad_value (0 or None): whether padding counts as zeros in the mean
            (0) or is left out (None).

    Returns:
        Variable: shape ``(n, c, o)``, the dtype of ``x``.
    """
    return _average_pooling("average_pooling_1d", 1, x, ksize, stride, pad, pad_value)


def average_pooling_3d(x, ksize, stride=None, pad=0, pad_value=0):
    """Average pooling over the spatial axes of ``(n, c, d, h, w)``: N = 3.

    Args:
        x (Variable or array): a floating-point input of shape
            ``(n, c, d, h, w)``.
        ksize (int or tuple of 3 ints): the window size.
        stride (int, tuple of 3 ints or None): the step between windows;
            None means ``stride = ksize``.
        pad (int or tuple of 3 ints): the padding on each side of each axis.
        pad_value (0 or None): whether padding counts as zeros in the mean
            (0) or is left out (None).

    Returns:
        Variable: shape ``(n, c, o_d, o_h, o_w)``, the dtype of ``x``.
    """
    return _average_pooling("average_pooling_3d", 3, x, ksize, stride, pad, pad_value)
