"""sigmoid: the logistic function ``1 / (1 + exp(-x))``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input


class Sigmoid(FunctionNode):
    """Elementwise logistic sigmoid; backward keeps the output only."""

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        # sigmoid(x) = (tanh(x / 2) + 1) / 2 never overflows.
        half = x.dtype.type(0.5)
        return (xp.tanh(x * half) * half + half,)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * y * (1 - y),)


def sigmoid(x):
    """Elementwise sigmoid, ``1 / (1 + exp(-x))``.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: the output in ``(0, 1)``, same shape and dtype as ``x``.
    """
    return Sigmoid().apply((x,))[0]
