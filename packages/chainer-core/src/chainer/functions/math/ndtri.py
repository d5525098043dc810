"""ndtri: the inverse of the standard normal cumulative distribution function."""

from __future__ import annotations

import math

from chainer.functions.math import exponential
from chainer.functions.math._special import UnarySpecialFunction

_SQRT_2PI = math.sqrt(2.0 * math.pi)


class Ndtri(UnarySpecialFunction):
    """Elementwise ``y = ndtri(x)``; its derivative is ``sqrt(2 pi) * exp(y ** 2 / 2)``."""

    _name = "ndtri"
    _special_name = "ndtri"
    _retain = ("y",)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * exponential.exp(y * y * 0.5) * _SQRT_2PI,)


def ndtri(x):
    """Elementwise inverse of :func:`ndtr`: ``ndtr(ndtri(p)) == p``.

    The quantile function of the standard normal distribution, defined on
    ``0 <= x <= 1`` (``-inf`` and ``inf`` at the ends, NaN outside). On the
    CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``ndtri(x)``, of ``x``'s shape and dtype.
    """
    return Ndtri().apply((x,))[0]
