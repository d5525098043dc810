"""log_ndtr: the logarithm of the standard normal cumulative distribution function."""

from __future__ import annotations

import math

from chainer.functions.math import erfcx
from chainer.functions.math._special import UnarySpecialFunction

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_MINUS_INV_SQRT_2 = -1.0 / math.sqrt(2.0)


class LogNdtr(UnarySpecialFunction):
    """Elementwise ``log(ndtr(x))``.

    The derivative, ``density(x) / ndtr(x)``, is computed as
    ``sqrt(2 / pi) / erfcx(-x / sqrt(2))``, which neither underflows nor
    divides zero by zero for large negative ``x``.
    """

    _name = "log_ndtr"
    _special_name = "log_ndtr"
    _retain = ("x",)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        scaled = erfcx.erfcx(x * _MINUS_INV_SQRT_2)
        return (grad_outputs[0] * _SQRT_2_OVER_PI / scaled,)


def log_ndtr(x):
    """Elementwise logarithm of the standard normal cumulative distribution function.

    Accurate for large negative ``x``, where ``ndtr(x)`` underflows. On the
    CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``log(ndtr(x))``, of ``x``'s shape and dtype.
    """
    return LogNdtr().apply((x,))[0]
