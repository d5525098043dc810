"""Elementwise ``exp(x) - 1``, accurate near 0."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Expm1(FunctionNode):
    """Elementwise ``expm1(x)``; backward ``gy (y + 1)`` uses the retained output."""

    @property
    def label(self):
        return "expm1"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_outputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.expm1(x),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (y + 1),)


def expm1(x):
    """Elementwise exponential minus one, :math:`y_i = e^{x_i} - 1`.

    More accurate than ``exp(x) - 1`` for ``x`` near 0.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``exp(x) - 1``, same shape and dtype as ``x``.
    """
    return Expm1().apply((x,))[0]
