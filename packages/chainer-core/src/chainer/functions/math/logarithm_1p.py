"""Elementwise ``log(1 + x)``, accurate near 0."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Log1p(FunctionNode):
    """Elementwise ``log1p(x)``; backward ``gy / (1 + x)``."""

    @property
    def label(self):
        return "log1p"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.log1p(x),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] / (x + 1),)


def log1p(x):
    """Elementwise natural logarithm of one plus the input, :math:`y_i = \\log(1 + x_i)`.

    More accurate than ``log(1 + x)`` for ``x`` near 0.

    Args:
        x (Variable or array): a floating-point input (NaN below ``-1``,
            minus infinity at ``-1``).

    Returns:
        Variable: ``log(1 + x)``, same shape and dtype as ``x``.
    """
    return Log1p().apply((x,))[0]
