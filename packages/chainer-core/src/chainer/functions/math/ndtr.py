"""ndtr: the cumulative distribution function of the standard normal distribution."""

from __future__ import annotations

import math

from chainer.functions.math import exponential
from chainer.functions.math._special import UnarySpecialFunction

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


class Ndtr(UnarySpecialFunction):
    """Elementwise ``ndtr(x)``; its derivative is the normal density ``exp(-x**2/2)/sqrt(2 pi)``."""

    _name = "ndtr"
    _special_name = "ndtr"
    _retain = ("x",)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * exponential.exp(x * x * -0.5) * _INV_SQRT_2PI,)


def ndtr(x):
    """Elementwise standard normal cumulative distribution function.

    ``ndtr(x) = 1 / sqrt(2 pi) * integral_-inf^x exp(-t ** 2 / 2) dt``. On the
    CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``ndtr(x)``, of ``x``'s shape and dtype.
    """
    return Ndtr().apply((x,))[0]
