"""lgamma: the logarithm of the absolute value of the gamma function."""

from __future__ import annotations

from chainer.functions.math import digamma
from chainer.functions.math._special import UnarySpecialFunction


class LGamma(UnarySpecialFunction):
    """Elementwise ``log(|gamma(x)|)``; its derivative is ``digamma(x)``."""

    _name = "lgamma"
    _special_name = "gammaln"
    _retain = ("x",)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (digamma.digamma(x) * grad_outputs[0],)


def lgamma(x):
    """Elementwise logarithm of the absolute value of the gamma function.

    ``scipy.special.gammaln`` on the CPU (needs SciPy:
    ``pip install "chainer-core[scipy]"``), ``cupyx.scipy.special.gammaln``
    on the GPU.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``log(|gamma(x)|)``, of ``x``'s shape and dtype.
    """
    return LGamma().apply((x,))[0]
