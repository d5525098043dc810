"""separate: splits an array into its slices along one axis."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Separate(FunctionNode):
    """One output per index of axis ``axis``, that axis removed; the gradient stacks."""

    def __init__(self, axis=0):
        if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
            raise TypeError(f"separate: axis must be an int, not {type(axis).__name__}")
        self.axis = int(axis)

    @property
    def label(self):
        return "Separate"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        if self.axis >= 0:
            type_check.expect(self.axis < in_types[0].ndim)
        else:
            type_check.expect(-self.axis <= in_types[0].ndim)

    def forward(self, inputs):
        (x,) = inputs
        axis = self.axis % x.ndim
        self._out_shape = x.shape[:axis] + x.shape[axis + 1 :]
        self._dtype = x.dtype
        lead = (slice(None),) * axis
        return tuple(x[lead + (i, Ellipsis)] for i in range(x.shape[axis]))

    def backward(self, indexes, grad_outputs):
        from chainer.functions.array.stack import stack

        xp = None
        for gy in grad_outputs:
            if gy is not None:
                xp = gy.xp
                break
        zeros = None
        gys = []
        for gy in grad_outputs:
            if gy is None:
                if zeros is None:
                    zeros = xp.zeros(self._out_shape, dtype=self._dtype)
                gy = zeros
            gys.append(gy)
        return (stack(gys, self.axis),)


def separate(x, axis=0):
    """Splits ``x`` into its slices along ``axis``, removing that axis.

    The inverse of :func:`~chainer.functions.stack`.

    Args:
        x (Variable or array): the input, of shape ``(s_1, ..., s_n)``.
        axis (int): the axis to split along, in ``[-n, n)``.

    Returns:
        tuple of Variable: ``x.shape[axis]`` variables of shape ``x.shape``
        without ``axis``, with the dtype of ``x``.
    """
    return Separate(axis).apply((x,))
