"""erfinv: the inverse of the error function."""

from __future__ import annotations

import math

from chainer.functions.math import exponential
from chainer.functions.math._special import UnarySpecialFunction

_HALF_SQRT_PI = math.sqrt(math.pi) / 2.0


class ErfInv(UnarySpecialFunction):
    """Elementwise ``y = erfinv(x)``; its derivative is ``sqrt(pi) / 2 * exp(y ** 2)``."""

    _name = "erfinv"
    _special_name = "erfinv"
    _retain = ("y",)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * exponential.exp(y * y) * _HALF_SQRT_PI,)


def erfinv(x):
    """Elementwise inverse error function: ``erf(erfinv(x)) == x``.

    Defined on ``-1 <= x <= 1`` (``-inf`` and ``inf`` at the ends, NaN outside).
    On the CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``erfinv(x)``, of ``x``'s shape and dtype.
    """
    return ErfInv().apply((x,))[0]
