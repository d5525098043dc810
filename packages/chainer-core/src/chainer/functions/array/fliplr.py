"""fliplr: reverses the order of columns (axis 1)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class FlipLR(FunctionNode):
    """Reverses the input along axis 1."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a",))
        type_check.expect(in_types[0].ndim >= 2)

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(inputs[0])
        return (xp.fliplr(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        return FlipLR().apply(grad_outputs)


def fliplr(a):
    """Flips ``a`` left to right: reverses the order along axis 1.

    Args:
        a (Variable or array): the input, at least 2-d, of any dtype.

    Returns:
        Variable: the flipped variable, same shape and dtype.
    """
    return FlipLR().apply((a,))[0]
