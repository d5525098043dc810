"""digamma: the logarithmic derivative of the gamma function."""

from __future__ import annotations

from chainer.functions.math import polygamma
from chainer.functions.math._special import UnarySpecialFunction


class DiGamma(UnarySpecialFunction):
    """Elementwise ``digamma(x) = d/dx log(gamma(x))``; its derivative is ``polygamma(1, x)``."""

    _name = "digamma"
    _special_name = "digamma"
    _retain = ("x",)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (polygamma.polygamma(1, x) * grad_outputs[0],)


def digamma(x):
    """Elementwise digamma function, the derivative of :func:`lgamma`.

    On the CPU this needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``digamma(x)``, of ``x``'s shape and dtype.
    """
    return DiGamma().apply((x,))[0]
