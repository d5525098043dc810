"""swapaxes: exchanges two axes."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_axis(in_type, axis):
    if axis >= 0:
        type_check.expect(in_type.ndim > axis)
    else:
        type_check.expect(in_type.ndim >= -axis)


class Swapaxes(FunctionNode):
    """Exchanges axes ``axis1`` and ``axis2``; it is its own gradient."""

    def __init__(self, axis1, axis2):
        for name, value in (("axis1", axis1), ("axis2", axis2)):
            if isinstance(value, bool) or not isinstance(value, (int, numpy.integer)):
                raise TypeError(f"swapaxes: {name} must be an int, not {type(value).__name__}")
        self.axis1 = int(axis1)
        self.axis2 = int(axis2)

    @property
    def label(self):
        return "Swapaxes"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        _check_axis(in_types[0], self.axis1)
        _check_axis(in_types[0], self.axis2)

    def forward(self, inputs):
        (x,) = inputs
        return (x.swapaxes(self.axis1, self.axis2),)

    def backward(self, indexes, grad_outputs):
        return Swapaxes(self.axis1, self.axis2).apply(grad_outputs)


def swapaxes(x, axis1, axis2):
    """Exchanges two axes of ``x``.

    Args:
        x (Variable or array): the input, of any dtype.
        axis1 (int): the first axis, in ``[-x.ndim, x.ndim)``.
        axis2 (int): the second axis, in ``[-x.ndim, x.ndim)``.

    Returns:
        Variable: ``x`` with the two axes exchanged (same dtype, same elements).
    """
    return Swapaxes(axis1, axis2).apply((x,))[0]
