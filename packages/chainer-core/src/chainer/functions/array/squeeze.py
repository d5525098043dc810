"""squeeze: removes axes of length one."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


class Squeeze(FunctionNode):
    """Removes the length-one axes ``axis`` (all of them when None)."""

    def __init__(self, axis=None):
        if axis is None:
            self.axis = None
        elif _is_int(axis):
            self.axis = (int(axis),)
        elif isinstance(axis, (tuple, list)) and all(_is_int(a) for a in axis):
            self.axis = tuple(int(a) for a in axis)
        else:
            raise TypeError(f"squeeze: axis must be None, an int or a tuple of ints, not {axis!r}")

    @property
    def label(self):
        return "Squeeze"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        if self.axis is None:
            return
        x_type = in_types[0]
        ndim = type_check.eval(x_type.ndim)
        for axis in self.axis:
            if axis >= 0:
                type_check.expect(x_type.ndim > axis)
            else:
                type_check.expect(x_type.ndim >= -axis)
            type_check.expect(x_type.shape[axis] == 1)
        normalized = [a % ndim for a in self.axis]
        if len(set(normalized)) != len(normalized):
            raise ValueError(f"squeeze: axis {self.axis} names the same axis twice")

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        return (x.squeeze(axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        return (reshape(grad_outputs[0], self._in_shape),)


def squeeze(x, axis=None):
    """Removes axes of length one from ``x``.

    Args:
        x (Variable or array): the input, of any dtype.
        axis (None, int or tuple of ints): the axes to remove; each must have
            length one. None removes every axis of length one.

    Returns:
        Variable: ``x`` without those axes (same dtype, same elements).
    """
    return Squeeze(axis).apply((x,))[0]
