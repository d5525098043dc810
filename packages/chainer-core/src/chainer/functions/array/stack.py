"""stack: joins arrays of one shape along a new axis."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Stack(FunctionNode):
    """Joins the inputs along a new axis ``axis``; the gradient separates them."""

    def __init__(self, axis=0):
        if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
            raise TypeError(f"stack: axis must be an int, not {type(axis).__name__}")
        self.axis = int(axis)

    @property
    def label(self):
        return "Stack"

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        type_check._argname(in_types, tuple(f"xs[{i}]" for i in range(len(in_types))))
        x0 = in_types[0]
        for x in in_types[1:]:
            type_check.expect(x0.dtype == x.dtype, x0.shape == x.shape)
        # The new axis may go anywhere in [-(ndim + 1), ndim].
        if self.axis >= 0:
            type_check.expect(self.axis <= x0.ndim)
        else:
            type_check.expect(-self.axis <= x0.ndim + 1)

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(*inputs)
        return (xp.stack(inputs, axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        from chainer.functions.array.separate import separate

        return separate(grad_outputs[0], self.axis)


def stack(xs, axis=0):
    """Joins variables of one shape along a new axis.

    Args:
        xs (list of Variable or array): the inputs, all of the same shape
            ``(s_1, ..., s_n)`` and dtype.
        axis (int): where the new axis goes in the result, in
            ``[-(n + 1), n]``.

    Returns:
        Variable: the joined variable, with ``len(xs)`` at position ``axis``
        of its shape and the dtype of the inputs.
    """
    return Stack(axis).apply(tuple(xs))[0]
