"""The gamma distribution."""

from __future__ import annotations

import numpy

import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


class Gamma(distribution.Distribution):
    """Gamma distribution with shape :math:`k` and scale :math:`\\theta`.

    The probability density function is

    .. math::
        f(x; k, \\theta) = \\frac{x^{k - 1} e^{-x/\\theta}}{\\Gamma(k)\\theta^k},
        \\qquad x > 0.

    Args:
        k (~chainer.Variable or :ref:`ndarray`): the shape :math:`k > 0`, a
            floating-point array.
        theta (~chainer.Variable or :ref:`ndarray`): the scale
            :math:`\\theta > 0`, of the dtype of ``k``. The shapes of ``k``
            and ``theta`` broadcast to the batch shape.

    Raises:
        TypeError: when a parameter is not a floating-point array, or the
            dtypes differ.
        ValueError: when the shapes do not broadcast or the devices differ.
    """

    def __init__(self, k, theta):
        super().__init__()
        params = _params.as_params("Gamma", {"k": k, "theta": theta})[0]
        self.__k = params["k"]
        self.__theta = params["theta"]

    @property
    def k(self):
        """~chainer.Variable: the shape :math:`k`, of shape ``batch_shape``."""
        return self.__k

    @property
    def theta(self):
        """~chainer.Variable: the scale :math:`\\theta`, of shape ``batch_shape``."""
        return self.__theta

    @property
    def batch_shape(self):
        """tuple of int: the broadcast shape of ``k`` and ``theta``."""
        return self.__k.shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'k': k, 'theta': theta}``."""
        return {"k": self.__k, "theta": self.__theta}

    @property
    def support(self):
        """str: ``'positive'``."""
        return "positive"

    @property
    def mean(self):
        """~chainer.Variable: :math:`k\\theta`."""
        return self.__k * self.__theta

    @property
    def variance(self):
        """~chainer.Variable: :math:`k\\theta^2`."""
        return self.__k * self.__theta * self.__theta

    @property
    def entropy(self):
        """~chainer.Variable: :math:`k + \\log\\theta + \\log\\Gamma(k) + (1 - k)\\psi(k)`."""
        k = self.__k
        return k + F.log(self.__theta) + F.lgamma(k) + (1 - k) * F.digamma(k)

    def log_prob(self, x):
        """Evaluates the log-density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density, of the shape of ``x``;
            ``-inf`` at negative points.
        """
        x = _params.as_input(x, self.__k.dtype)
        inside = utils.force_array(x.array >= 0)
        x_safe = F.where(inside, x, 1.0)
        k, theta = self.__k, self.__theta
        logp = (k - 1) * F.log(x_safe) - x_safe / theta - F.lgamma(k) - k * F.log(theta)
        return F.where(inside, logp, -numpy.inf)

    def sample_n(self, n):
        """Draws ``n`` samples ``theta * eps``, ``eps ~ Gamma(k, 1)``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``,
            differentiable with respect to ``theta`` (not ``k``).
        """
        n = _params.check_n(n)
        k = self.__k.array
        eps = self.xp.random.standard_gamma(k, size=(n,) + k.shape)
        return eps.astype(k.dtype, copy=False) * self.__theta


@distribution.register_kl(Gamma, Gamma)
def _kl_gamma_gamma(dist1, dist2):
    """Closed form of ``KL(Gamma(k1, theta1) || Gamma(k2, theta2))``."""
    k1, t1, k2, t2 = dist1.k, dist1.theta, dist2.k, dist2.theta
    return (
        (k1 - k2) * F.digamma(k1)
        - F.lgamma(k1)
        + F.lgamma(k2)
        + k2 * (F.log(t2) - F.log(t1))
        + k1 * (t1 / t2 - 1)
    )
