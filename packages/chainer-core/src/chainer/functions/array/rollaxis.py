"""rollaxis: moves one axis to a new position."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.functions.array.transpose import transpose
from chainer.utils import type_check


def _check_int(value, name, func):
    if isinstance(value, bool) or not isinstance(value, (int, numpy.integer)):
        raise TypeError(f"{func}: {name} must be an int, not {type(value).__name__}")
    return int(value)


def _rollaxis_axes(ndim, axis, start):
    """The permutation ``numpy.rollaxis(x, axis, start)`` applies to the axes."""
    axis %= ndim
    if start < 0:
        start += ndim
    if axis < start:
        start -= 1
    axes = list(range(ndim))
    axes.remove(axis)
    axes.insert(start, axis)
    return tuple(axes)


class Rollaxis(FunctionNode):
    """Moves axis ``axis`` so that it comes before position ``start``."""

    def __init__(self, axis, start):
        self.axis = _check_int(axis, "axis", "rollaxis")
        self.start = _check_int(start, "start", "rollaxis")

    @property
    def label(self):
        return "Rollaxis"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        # axis in [-ndim, ndim) and start in [-ndim, ndim], as numpy.rollaxis requires.
        if self.axis >= 0:
            type_check.expect(x_type.ndim > self.axis)
        else:
            type_check.expect(x_type.ndim >= -self.axis)
        if self.start >= 0:
            type_check.expect(x_type.ndim >= self.start)
        else:
            type_check.expect(x_type.ndim >= -self.start)

    def forward(self, inputs):
        (x,) = inputs
        self._axes = _rollaxis_axes(x.ndim, self.axis, self.start)
        return (x.transpose(self._axes),)

    def backward(self, indexes, grad_outputs):
        inverse = tuple(int(i) for i in numpy.argsort(self._axes))
        return (transpose(grad_outputs[0], inverse),)


def rollaxis(x, axis, start=0):
    """Rolls axis ``axis`` of ``x`` backwards until it lies before position ``start``.

    Same rules as ``numpy.rollaxis``: the other axes keep their order.

    Args:
        x (Variable or array): the input, of any dtype.
        axis (int): the axis to move, in ``[-x.ndim, x.ndim)``.
        start (int): the axis is moved before the axis now at ``start``, in
            ``[-x.ndim, x.ndim]``.

    Returns:
        Variable: ``x`` with its axes permuted (same dtype, same elements).
    """
    return Rollaxis(axis, start).apply((x,))[0]
