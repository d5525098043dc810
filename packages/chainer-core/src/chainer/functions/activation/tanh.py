"""tanh: the hyperbolic tangent."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input


class Tanh(FunctionNode):
    """Elementwise hyperbolic tangent; backward keeps the output only."""

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        return (xp.tanh(x),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (1 - y * y),)


def tanh(x):
    """Elementwise hyperbolic tangent.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``tanh(x)``, in ``(-1, 1)``, same shape and dtype as ``x``.
    """
    return Tanh().apply((x,))[0]
