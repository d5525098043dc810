"""max_pooling_nd (and its 1-d and 3-d forms): the maximum over each window of N spatial axes.

Three separately replaceable computations, each its own FunctionNode:
:class:`MaxPoolingND` (forward, records the window offset of each maximum),
:class:`MaxPoolingNDGrad` (scatters gradients to those offsets) and
:class:`MaxPoolingNDWithIndexes` (gathers at those offsets; the gradient of
the scatter). The last two are each other's gradient, so derivatives of any
order work.
"""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.functions.pooling import _pooling
from chainer.utils import type_check


def _check_float_x(in_types, ndim):
    type_check._argname(in_types, ("x",))
    x_type = in_types[0]
    type_check.expect(x_type.dtype.kind == "f", x_type.ndim == 2 + ndim)


class MaxPoolingND(FunctionNode):
    """Max pooling over the ``ndim`` spatial axes of ``(n, c, d_1, ..., d_ndim)``.

    After the forward, ``indexes`` holds for each output the flat (C-order)
    offset of its maximum inside its window (the first one on ties). A kernel
    registered for this node must set ``indexes`` too, or its backend must
    also replace :class:`MaxPoolingNDGrad` and :class:`MaxPoolingNDWithIndexes`
    (which reach this node as their ``mpool``).

    Args:
        ndim (int): the number of spatial axes.
        ksize, stride, pad, cover_all: see :func:`max_pooling_nd`.
        return_indices (bool): recorded for the public function; the node
            always keeps ``indexes``.
        func (str): the public function name, for error messages.
    """

    def __init__(
        self,
        ndim,
        ksize,
        stride=None,
        pad=0,
        cover_all=True,
        return_indices=False,
        *,
        func="max_pooling_nd",
    ):
        self.ndim = ndim
        self.params = _pooling.Params(func, ndim, ksize, stride, pad, cover_all)
        self.return_indices = bool(return_indices)
        self.indexes = None

    @property
    def ksize(self):
        return self.params.ksize

    @property
    def stride(self):
        return self.params.stride

    @property
    def pad(self):
        return self.params.pad

    @property
    def cover_all(self):
        return self.params.cover_all

    def check_type_forward(self, in_types):
        _check_float_x(in_types, self.ndim)
        self.params.check_windows(in_types[0])

    def forward(self, inputs):
        (x,) = inputs
        y, self.indexes = _pooling.max_pool(x, self.params, self.params.out_dims(x.shape[2:]))
        return (y,)

    def backward(self, indexes, grad_outputs):
        node = MaxPoolingNDGrad(self.params, self.indexes, self.inputs[0].shape, mpool=self)
        return node.apply(grad_outputs)


class MaxPoolingNDGrad(FunctionNode):
    """Adds each ``gy`` element at the input position of its window's maximum.

    Args:
        params: the pooling geometry.
        indexes (array): the flat window offset of each output's maximum.
        x_shape (tuple): the shape of the pooled input (and of the result).
        mpool (MaxPoolingND): the forward node, for backends that need its
            state; None where there is none (upsampling).
    """

    def __init__(self, params, indexes, x_shape, mpool=None):
        self.params = params
        self.indexes = indexes
        self.x_shape = tuple(x_shape)
        self.mpool = mpool

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("gy",))
        gy_type = in_types[0]
        type_check.expect(gy_type.dtype.kind == "f", gy_type.shape == self.indexes.shape)

    def forward(self, inputs):
        (gy,) = inputs
        return (_pooling.scatter(gy, self.indexes, self.params, self.x_shape),)

    def backward(self, indexes, grad_outputs):
        node = MaxPoolingNDWithIndexes(self.params, self.indexes, self.x_shape, mpool=self.mpool)
        return node.apply(grad_outputs)


class MaxPoolingNDWithIndexes(FunctionNode):
    """Picks from each window of ``x`` the element at the recorded offset.

    Args: as :class:`MaxPoolingNDGrad`; ``x_shape`` is the shape of the input.
    """

    def __init__(self, params, indexes, x_shape, mpool=None):
        self.params = params
        self.indexes = indexes
        self.x_shape = tuple(x_shape)
        self.mpool = mpool

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.shape == self.x_shape)

    def forward(self, inputs):
        (x,) = inputs
        return (_pooling.gather(x, self.indexes, self.params, self.indexes.shape[2:]),)

    def backward(self, indexes, grad_outputs):
        node = MaxPoolingNDGrad(self.params, self.indexes, self.x_shape, mpool=self.mpool)
        return node.apply(grad_outputs)


def _max_pooling(func, ndim, x, ksize, stride, pad, cover_all, return_indices):
    _pooling.check_spatial_axes(x, ndim, func)
    node = MaxPoolingND(ndim, ksize, stride, pad, cover_all, return_indices, func=func)
    y = node.apply((x,))[0]
    if return_indices:
        return y, node.indexes.astype(numpy.int32)
    return y


def max_pooling_nd(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """Max pooling over every spatial axis of an input with N >= 1 of them.

    Each output element is the maximum of one channel of ``x`` over one
    window of size ``ksize``; windows start every ``stride`` elements of the
    input padded by ``pad`` on each side (padding never wins the maximum).

    Args:
        x (Variable or array): a floating-point input of shape
            ``(n, c, d_1, ..., d_N)``.
        ksize (int or tuple of ints): the window size; an int means the same
            size on every spatial axis.
        stride (int, tuple of ints or None): the step between windows; None
            means ``stride = ksize``.
        pad (int or tuple of ints): the padding on each side of each spatial
            axis.
        cover_all (bool): if True, a last partial window is added where the
            windows would leave the end of an axis uncovered: the output size
            along an axis is ``(d + 2 p - k + s - 1) // s + 1`` instead of
            ``(d + 2 p - k) // s + 1``.
        return_indices (bool): also return, for each output, the flat
            (C-order) offset of its maximum inside its window, as an int32
            array of the output's shape (the ``indexes`` of
            :func:`upsampling_2d`).

    Returns:
        Variable, or (Variable, array) with ``return_indices``: the output,
        of shape ``(n, c, o_1, ..., o_N)`` and the dtype of ``x``, and the
        indices. The gradient flows to the position of each window's
        maximum (the first one on ties).
    """
    ndim = _pooling.spatial_axes_of(x, "max_pooling_nd")
    return _max_pooling("max_pooling_nd", ndim, x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_1d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """Max pooling over the spatial axis of ``(n, c, d)``: :func:`max_pooling_nd` with N = 1.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, d)``.
        ksize (int or tuple of one int): the window size.
        stride (int, tuple of one int or None): the step between windows;
            None means ``stride = ksize``.
        pad (int or tuple of one int): the padding on each side.
        cover_all (bool): add a last partial window where needed (see
            :func:`max_pooling_nd`).
        return_indices (bool): also return each maximum's offset inside its
            window (an int32 array of the output's shape).

    Returns:
        Variable, or (Variable, array) with ``return_indices``: the output of
        shape ``(n, c, o)`` and the dtype of ``x``, and the indices.
    """
    return _max_pooling("max_pooling_1d", 1, x, ksize, stride, pad, cover_all, return_indices)


def max_pooling_3d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """Max pooling over the spatial axes of ``(n, c, d, h, w)``: :func:`max_pooling_nd`, N = 3.

    Args:
        x (Variable or array): a floating-point input of shape
            ``(n, c, d, h, w)``.
        ksize (int or tuple of 3 ints): the window size.
        stride (int, tuple of 3 ints or None): the step between windows;
            None means ``stride = ksize``.
        pad (int or tuple of 3 ints): the padding on each side of each axis.
        cover_all (bool): add a last partial window where needed (see
            :func:`max_pooling_nd`).
        return_indices (bool): also return each maximum's flat offset inside
            its window (an int32 array of the output's shape).

    Returns:
        Variable, or (Variable, array) with ``return_indices``: the output of
        shape ``(n, c, o_d, o_h, o_w)`` and the dtype of ``x``, and the
        indices.
    """
    return _max_pooling("max_pooling_3d", 3, x, ksize, stride, pad, cover_all, return_indices)
