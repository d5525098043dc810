"""flipud: reverses the order of rows (axis 0)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class FlipUD(FunctionNode):
    """Reverses the input along axis 0."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a",))
        type_check.expect(in_types[0].ndim >= 1)

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(inputs[0])
        return (xp.flipud(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        return FlipUD().apply(grad_outputs)


def flipud(a):
    """Flips ``a`` upside down: reverses the order along axis 0.

    Args:
        a (Variable or array): the input, at least 1-d, of any dtype.

    Returns:
        Variable: the flipped variable, same shape and dtype.
    """
    return FlipUD().apply((a,))[0]
