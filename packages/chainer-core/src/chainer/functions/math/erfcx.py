"""erfcx: the scaled complementary error function."""

from __future__ import annotations

import math

from chainer.functions.math._special import UnarySpecialFunction

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class Erfcx(UnarySpecialFunction):
    """Elementwise ``erfcx(x) = exp(x ** 2) * erfc(x)``.

    Its derivative is ``2 * x * erfcx(x) - 2 / sqrt(pi)``.
    """

    _name = "erfcx"
    _special_name = "erfcx"
    _retain = ("x", "y")

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (x * y * 2.0 - _TWO_OVER_SQRT_PI),)


def erfcx(x):
    """Elementwise scaled complementary error function, ``exp(x ** 2) * erfc(x)``.

    Stays finite for large positive ``x``, where ``erfc(x)`` underflows. On
    the CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``erfcx(x)``, of ``x``'s shape and dtype.
    """
    return Erfcx().apply((x,))[0]
