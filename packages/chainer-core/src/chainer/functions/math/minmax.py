"""max, min, argmax and argmin over axes."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _axes
from chainer.utils import type_check


class _SelectReduction(FunctionNode):
    """The maximum or minimum over ``axis``; the gradient goes to the selected elements.

    Every element equal to the result gets the full output gradient (ties
    each get it).
    """

    _name = ""

    def __init__(self, axis=None, keepdims=False):
        self.axis = _axes.axis_arg(self._name, axis)
        self.keepdims = bool(keepdims)

    @property
    def label(self):
        return self._name

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, self.axis)

    def _reduce(self, x, axes):
        raise NotImplementedError

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        (x,) = inputs
        self._axes = _axes.resolve_axes(self._name, self.axis, x.ndim)
        xp = chainer.backend.get_array_module(x)
        return (xp.asarray(self._reduce(x, self._axes)),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        keep_shape = _axes.keepdims_shape(x.shape, self._axes)
        mask = (x.array == y.array.reshape(keep_shape)).astype(x.dtype)
        gy = chainer.functions.reshape(grad_outputs[0], keep_shape)
        return (chainer.functions.broadcast_to(gy, x.shape) * mask,)


class Max(_SelectReduction):
    """Maximum over ``axis`` (all axes when None)."""

    _name = "max"

    def _reduce(self, x, axes):
        return x.max(axis=axes, keepdims=self.keepdims)


class Min(_SelectReduction):
    """Minimum over ``axis`` (all axes when None)."""

    _name = "min"

    def _reduce(self, x, axes):
        return x.min(axis=axes, keepdims=self.keepdims)


class _IndexReduction(FunctionNode):
    """The index of the maximum or minimum along one axis (int32; no gradient)."""

    _name = ""

    def __init__(self, axis=None):
        self.axis = _axes.single_axis_arg(self._name, axis)

    @property
    def label(self):
        return self._name

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, None if self.axis is None else (self.axis,))

    def _index(self, x):
        raise NotImplementedError

    def forward(self, inputs):
        (x,) = inputs
        if self.axis is not None:
            _axes.resolve_axes(self._name, (self.axis,), x.ndim)
        xp = chainer.backend.get_array_module(x)
        return (xp.asarray(self._index(x)).astype(numpy.int32),)

    def backward(self, indexes, grad_outputs):
        return (None,)


class ArgMax(_IndexReduction):
    """Index of the maximum along ``axis`` (of the flattened input when None)."""

    _name = "argmax"

    def _index(self, x):
        return x.argmax(axis=self.axis)


class ArgMin(_IndexReduction):
    """Index of the minimum along ``axis`` (of the flattened input when None)."""

    _name = "argmin"

    def _index(self, x):
        return x.argmin(axis=self.axis)


def max(x, axis=None, keepdims=False):  # noqa: A001 - Chainer's public name
    """Maximum of the elements over ``axis``.

    The gradient flows to the elements equal to the maximum; where several
    tie, each of them gets the whole output gradient.

    Args:
        x (Variable or array): a floating-point input.
        axis (None, int or tuple of ints): the axes to reduce (all when None).
        keepdims (bool): keep the reduced axes with length one.

    Returns:
        Variable: the maxima, of ``x``'s dtype.

    Raises:
        TypeError: if ``axis`` is not None, an int or a tuple of ints.
        ValueError: if ``axis`` names a dimension twice.
    """
    return Max(axis, keepdims).apply((x,))[0]


def min(x, axis=None, keepdims=False):  # noqa: A001 - Chainer's public name
    """Minimum of the elements over ``axis``.

    The gradient flows to the elements equal to the minimum; where several
    tie, each of them gets the whole output gradient.

    Args:
        x (Variable or array): a floating-point input.
        axis (None, int or tuple of ints): the axes to reduce (all when None).
        keepdims (bool): keep the reduced axes with length one.

    Returns:
        Variable: the minima, of ``x``'s dtype.

    Raises:
        TypeError: if ``axis`` is not None, an int or a tuple of ints.
        ValueError: if ``axis`` names a dimension twice.
    """
    return Min(axis, keepdims).apply((x,))[0]


def argmax(x, axis=None):
    """Index of the maximum element along ``axis``.

    Not differentiable: the output is an integer Variable.

    Args:
        x (Variable or array): a floating-point input.
        axis (None or int): the axis to search; None searches the flattened
            input.

    Returns:
        Variable: int32 indices, of ``x``'s shape without ``axis`` (a 0-dim
        index into the flattened input when ``axis`` is None).

    Raises:
        TypeError: if ``axis`` is neither None nor an int.
    """
    return ArgMax(axis).apply((x,))[0]


def argmin(x, axis=None):
    """Index of the minimum element along ``axis``.

    Not differentiable: the output is an integer Variable.

    Args:
        x (Variable or array): a floating-point input.
        axis (None or int): the axis to search; None searches the flattened
            input.

    Returns:
        Variable: int32 indices, of ``x``'s shape without ``axis`` (a 0-dim
        index into the flattened input when ``axis`` is None).

    Raises:
        TypeError: if ``axis`` is neither None nor an int.
    """
    return ArgMin(axis).apply((x,))[0]
