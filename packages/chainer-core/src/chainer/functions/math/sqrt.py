"""Square root and its reciprocal: sqrt and rsqrt."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_float_unary(in_types):
    type_check._argname(in_types, ("x",))
    type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")


class Sqrt(FunctionNode):
    """Elementwise ``sqrt(x)``; backward ``gy / (2 y)`` uses the retained output."""

    @property
    def label(self):
        return "sqrt"

    def check_type_forward(self, in_types):
        _check_float_unary(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.sqrt(x),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] / (y * 2),)


class Rsqrt(FunctionNode):
    """Elementwise ``1 / sqrt(x)``; backward ``-gy y^3 / 2`` uses the retained output."""

    @property
    def label(self):
        return "rsqrt"

    def check_type_forward(self, in_types):
        _check_float_unary(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.reciprocal(xp.sqrt(x)),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (y * y * y) * -0.5,)


def sqrt(x):
    """Elementwise square root, :math:`y_i = \\sqrt{x_i}`.

    Negative inputs give NaN, as in NumPy and CuPy.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``sqrt(x)``, same shape and dtype as ``x``.
    """
    return Sqrt().apply((x,))[0]


def rsqrt(x):
    """Elementwise reciprocal of the square root, :math:`y_i = 1 / \\sqrt{x_i}`.

    Args:
        x (Variable or array): a floating-point input (NaN where negative,
            infinity where zero).

    Returns:
        Variable: ``1 / sqrt(x)``, same shape and dtype as ``x``.
    """
    return Rsqrt().apply((x,))[0]
