"""erfc: the complementary error function."""

from __future__ import annotations

import math

from chainer.functions.math import exponential
from chainer.functions.math._special import UnarySpecialFunction

_MINUS_TWO_OVER_SQRT_PI = -2.0 / math.sqrt(math.pi)


class Erfc(UnarySpecialFunction):
    """Elementwise ``erfc(x) = 1 - erf(x)``; its derivative is ``-2 / sqrt(pi) * exp(-x ** 2)``."""

    _name = "erfc"
    _special_name = "erfc"
    _retain = ("x",)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * exponential.exp(-(x * x)) * _MINUS_TWO_OVER_SQRT_PI,)


def erfc(x):
    """Elementwise complementary error function, ``erfc(x) = 1 - erf(x)``.

    Accurate also where ``erf(x)`` is close to 1. On the CPU this needs SciPy
    (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``erfc(x)``, of ``x``'s shape and dtype.
    """
    return Erfc().apply((x,))[0]
