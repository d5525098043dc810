"""flip: reverses the order of elements along one axis."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Flip(FunctionNode):
    """Reverses the input along ``axis``."""

    def __init__(self, axis):
        if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
            raise TypeError(f"flip: axis must be an int, not {axis!r}")
        self.axis = int(axis)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types[0].ndim > 0)
        if self.axis >= 0:
            type_check.expect(in_types[0].ndim > self.axis)
        else:
            type_check.expect(in_types[0].ndim >= -self.axis)

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(inputs[0])
        return (xp.flip(inputs[0], self.axis),)

    def backward(self, indexes, grad_outputs):
        return Flip(self.axis).apply(grad_outputs)


def flip(x, axis):
    """Reverses the order of the elements of ``x`` along ``axis``.

    Args:
        x (Variable or array): the input, at least 1-d, of any dtype.
        axis (int): the axis to reverse (negative counts from the end).

    Returns:
        Variable: the flipped variable, same shape and dtype.
    """
    return Flip(axis).apply((x,))[0]
