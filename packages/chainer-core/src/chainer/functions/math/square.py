"""Elementwise square."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Square(FunctionNode):
    """Elementwise ``x * x``; backward ``2 x gy``."""

    @property
    def label(self):
        return "square"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.square(x),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * (x * 2),)


def square(x):
    """Elementwise square, :math:`y_i = x_i^2`.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``x ** 2``, same shape and dtype as ``x``.
    """
    return Square().apply((x,))[0]
