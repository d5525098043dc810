"""Elementwise inverse hyperbolic tangent."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math.square import square
from chainer.utils import type_check


class Arctanh(FunctionNode):
    """Elementwise ``arctanh(x)``; backward ``gy / (1 - x^2)``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.arctanh(x),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] / (1 - square(x)),)


def arctanh(x):
    """Elementwise inverse hyperbolic tangent, :math:`y_i = \\tanh^{-1} x_i`.

    Args:
        x (Variable or array): a floating-point input; ``-1`` and ``1`` give
            infinities and values outside ``[-1, 1]`` give NaN.

    Returns:
        Variable: ``arctanh(x)``, same shape and dtype as ``x``.
    """
    return Arctanh().apply((x,))[0]
