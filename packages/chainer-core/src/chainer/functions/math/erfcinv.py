"""erfcinv: the inverse of the complementary error function."""

from __future__ import annotations

import math

from chainer.functions.math import exponential
from chainer.functions.math._special import UnarySpecialFunction

_MINUS_HALF_SQRT_PI = -math.sqrt(math.pi) / 2.0


class ErfcInv(UnarySpecialFunction):
    """Elementwise ``y = erfcinv(x)``; its derivative is ``-sqrt(pi) / 2 * exp(y ** 2)``."""

    _name = "erfcinv"
    _special_name = "erfcinv"
    _retain = ("y",)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * exponential.exp(y * y) * _MINUS_HALF_SQRT_PI,)


def erfcinv(x):
    """Elementwise inverse complementary error function: ``erfc(erfcinv(x)) == x``.

    Defined on ``0 <= x <= 2`` (``inf`` and ``-inf`` at the ends, NaN outside).
    On the CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``erfcinv(x)``, of ``x``'s shape and dtype.
    """
    return ErfcInv().apply((x,))[0]
