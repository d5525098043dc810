"""erf: the error function."""

from __future__ import annotations

import math

from chainer.functions.math import exponential
from chainer.functions.math._special import UnarySpecialFunction

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class Erf(UnarySpecialFunction):
    """Elementwise ``erf(x)``; its derivative is ``2 / sqrt(pi) * exp(-x ** 2)``."""

    _name = "erf"
    _special_name = "erf"
    _retain = ("x",)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * exponential.exp(-(x * x)) * _TWO_OVER_SQRT_PI,)


def erf(x):
    """Elementwise error function, ``erf(x) = 2 / sqrt(pi) * integral_0^x exp(-t ** 2) dt``.

    On the CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``erf(x)``, of ``x``'s shape and dtype.
    """
    return Erf().apply((x,))[0]
