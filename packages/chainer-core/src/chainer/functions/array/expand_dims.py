"""expand_dims: inserts an axis of length one."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


class ExpandDims(FunctionNode):
    """Inserts a new axis of length one at ``axis`` (``-x.ndim - 1 <= axis <= x.ndim``)."""

    def __init__(self, axis):
        if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
            raise TypeError(f"expand_dims: axis must be an int, not {axis!r}")
        self.axis = int(axis)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        if self.axis >= 0:
            type_check.expect(in_types[0].ndim >= self.axis)
        else:
            type_check.expect(in_types[0].ndim >= -self.axis - 1)

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        xp = chainer.backend.get_array_module(x)
        return (xp.expand_dims(x, self.axis),)

    def backward(self, indexes, grad_outputs):
        return (reshape(grad_outputs[0], self._in_shape),)


def expand_dims(x, axis):
    """Inserts an axis of length one into ``x``.

    Args:
        x (Variable or array): the input, of any shape and dtype.
        axis (int): where the new axis goes in the output; from
            ``-x.ndim - 1`` to ``x.ndim`` (negative counts from the end).

    Returns:
        Variable: ``x`` with ``ndim + 1`` dimensions, same dtype.
    """
    return ExpandDims(axis).apply((x,))[0]
