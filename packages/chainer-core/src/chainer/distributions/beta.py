"""The beta distribution."""

from __future__ import annotations

import numpy

import chainer
import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


def _lbeta(a, b):
    """:math:`\\log B(a, b) = \\log\\Gamma(a) + \\log\\Gamma(b) - \\log\\Gamma(a + b)`."""
    return F.lgamma(a) + F.lgamma(b) - F.lgamma(a + b)


class Beta(distribution.Distribution):
    """Beta distribution.

    The probability density function is

    .. math::
        f(x; \\alpha, \\beta) = \\frac{x^{\\alpha - 1} (1 - x)^{\\beta - 1}}{B(\\alpha, \\beta)}

    for :math:`0 < x < 1`, :math:`\\alpha > 0`, :math:`\\beta > 0`.

    Args:
        a (~chainer.Variable or :ref:`ndarray`): the parameter :math:`\\alpha`,
            a floating-point array.
        b (~chainer.Variable or :ref:`ndarray`): the parameter :math:`\\beta`,
            of the dtype of ``a``. The shapes of ``a`` and ``b`` broadcast to
            the batch shape.

    Raises:
        TypeError: when a parameter is not a floating-point array, or the
            dtypes differ.
        ValueError: when the shapes do not broadcast or the devices differ.
    """

    def __init__(self, a, b):
        super().__init__()
        params = _params.as_params("Beta", {"a": a, "b": b})[0]
        self.__a = params["a"]
        self.__b = params["b"]

    @property
    def a(self):
        """~chainer.Variable: the parameter :math:`\\alpha`, of shape ``batch_shape``."""
        return self.__a

    @property
    def b(self):
        """~chainer.Variable: the parameter :math:`\\beta`, of shape ``batch_shape``."""
        return self.__b

    @property
    def batch_shape(self):
        """tuple of int: the broadcast shape of ``a`` and ``b``."""
        return self.__a.shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'a': a, 'b': b}``."""
        return {"a": self.__a, "b": self.__b}

    @property
    def support(self):
        """str: ``'[0, 1]'``."""
        return "[0, 1]"

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\alpha / (\\alpha + \\beta)`, of shape ``batch_shape``."""
        return self.__a / (self.__a + self.__b)

    @property
    def variance(self):
        """~chainer.Variable: the variance, of shape ``batch_shape``.

        :math:`\\alpha\\beta / \\{(\\alpha + \\beta)^2 (\\alpha + \\beta + 1)\\}`.
        """
        apb = self.__a + self.__b
        return self.__a * self.__b / (apb * apb * (apb + 1))

    @property
    def entropy(self):
        """~chainer.Variable: the entropy, of shape ``batch_shape``.

        :math:`\\log B(\\alpha, \\beta) - (\\alpha - 1)\\psi(\\alpha)
        - (\\beta - 1)\\psi(\\beta) + (\\alpha + \\beta - 2)\\psi(\\alpha + \\beta)`.
        """
        a, b = self.__a, self.__b
        apb = a + b
        return (
            _lbeta(a, b)
            - (a - 1) * F.digamma(a)
            - (b - 1) * F.digamma(b)
            + (apb - 2) * F.digamma(apb)
        )

    def log_prob(self, x):
        """Evaluates the log-density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density, of the shape of ``x``;
            ``-inf`` outside ``[0, 1]``.
        """
        x = _params.as_input(x, self.__a.dtype)
        inside = utils.force_array((x.array >= 0) & (x.array <= 1))
        # Evaluate outside points at 1/2, then mask: no NaN or warning from log.
        x_safe = F.where(inside, x, 0.5)
        logp = (
            (self.__a - 1) * F.log(x_safe)
            + (self.__b - 1) * F.log1p(-x_safe)
            - _lbeta(self.__a, self.__b)
        )
        return F.where(inside, logp, -numpy.inf)

    def sample_n(self, n):
        """Draws ``n`` samples (not differentiable).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape`` in the
            dtype of the parameters.
        """
        n = _params.check_n(n)
        a, b = self.__a.array, self.__b.array
        eps = self.xp.random.beta(a, b, size=(n,) + a.shape)
        return chainer.as_variable(eps.astype(a.dtype, copy=False))


@distribution.register_kl(Beta, Beta)
def _kl_beta_beta(dist1, dist2):
    """Closed form of ``KL(Beta(a1, b1) || Beta(a2, b2))``."""
    a1, b1, a2, b2 = dist1.a, dist1.b, dist2.a, dist2.b
    apb1 = a1 + b1
    return (
        _lbeta(a2, b2)
        - _lbeta(a1, b1)
        + (a1 - a2) * F.digamma(a1)
        + (b1 - b2) * F.digamma(b1)
        + (a2 + b2 - apb1) * F.digamma(apb1)
    )
