"""softplus: ``log(1 + exp(beta * x)) / beta``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input, real
from chainer.functions.activation.sigmoid import sigmoid


class Softplus(FunctionNode):
    """Elementwise softplus with sharpness ``beta``.

    Args:
        beta (float): the sharpness; nonzero.
    """

    def __init__(self, beta=1.0):
        real("softplus", "beta", beta)
        if beta == 0:
            raise ValueError("softplus: beta must be nonzero, but 0 was given")
        self.beta = beta

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(x)
        t = x.dtype.type
        bx = x * t(self.beta)
        # log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), without overflow.
        y = xp.maximum(bx, t(0)) + xp.log1p(xp.exp(-xp.abs(bx)))
        return (y / t(self.beta),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * sigmoid(x * self.beta),)


def softplus(x, beta=1.0):
    """Softplus, a smooth ReLU: ``log(1 + exp(beta * x)) / beta`` elementwise.

    Args:
        x (Variable or array): a floating-point input of any shape.
        beta (float): the sharpness; the larger, the closer to ``max(0, x)``.

    Returns:
        Variable: the output, same shape and dtype as ``x``.

    Raises:
        TypeError: if ``beta`` is not a real number.
        ValueError: if ``beta`` is 0.
    """
    return Softplus(beta).apply((x,))[0]
