"""The exponential distribution."""

from __future__ import annotations

import numpy

import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


class Exponential(distribution.Distribution):
    """Exponential distribution with rate :math:`\\lambda`.

    The probability density function is

    .. math::
        f(x; \\lambda) = \\lambda e^{-\\lambda x}, \\qquad x \\ge 0.

    Args:
        lam (~chainer.Variable or :ref:`ndarray`): the rate
            :math:`\\lambda > 0`, a floating-point array of shape
            ``batch_shape``.

    Raises:
        TypeError: when ``lam`` is not a floating-point array.
    """

    def __init__(self, lam):
        super().__init__()
        self.__lam = _params.as_params("Exponential", {"lam": lam})[0]["lam"]

    @property
    def lam(self):
        """~chainer.Variable: the rate :math:`\\lambda`, of shape ``batch_shape``."""
        return self.__lam

    @property
    def batch_shape(self):
        """tuple of int: the shape of ``lam``."""
        return self.__lam.shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'lam': lam}``."""
        return {"lam": self.__lam}

    @property
    def support(self):
        """str: ``'positive'``."""
        return "positive"

    @property
    def mean(self):
        """~chainer.Variable: :math:`1 / \\lambda`."""
        return 1 / self.__lam

    @property
    def variance(self):
        """~chainer.Variable: :math:`1 / \\lambda^2`."""
        return 1 / (self.__lam * self.__lam)

    @property
    def stddev(self):
        """~chainer.Variable: :math:`1 / \\lambda`."""
        return 1 / self.__lam

    @property
    def entropy(self):
        """~chainer.Variable: :math:`1 - \\log\\lambda`."""
        return 1 - F.log(self.__lam)

    def _points(self, x):
        x = _params.as_input(x, self.__lam.dtype)
        inside = utils.force_array(x.array >= 0)
        return F.where(inside, x, 0.0), inside

    def log_prob(self, x):
        """Evaluates :math:`\\log\\lambda - \\lambda x`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density, of the shape of ``x``;
            ``-inf`` at negative points.
        """
        x, inside = self._points(x)
        return F.where(inside, F.log(self.__lam) - self.__lam * x, -numpy.inf)

    def cdf(self, x):
        """Evaluates :math:`1 - e^{-\\lambda x}` (0 at negative points).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the cumulative distribution function.
        """
        x, _ = self._points(x)
        return -F.expm1(-self.__lam * x)

    def survival_function(self, x):
        """Evaluates :math:`e^{-\\lambda x}` (1 at negative points).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the survival function.
        """
        x, _ = self._points(x)
        return F.exp(-self.__lam * x)

    def log_survival_function(self, x):
        """Evaluates :math:`-\\lambda x` (0 at negative points).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log of the survival function.
        """
        x, _ = self._points(x)
        return -self.__lam * x

    def icdf(self, x):
        """Evaluates :math:`-\\log(1 - x) / \\lambda`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                ``[0, 1]``, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.__lam.dtype)
        return -F.log1p(-x) / self.__lam

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``eps / lam``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``,
            differentiable with respect to ``lam``.
        """
        n = _params.check_n(n)
        dtype = self.__lam.dtype
        eps = self.xp.random.standard_exponential((n,) + self.batch_shape)
        return eps.astype(dtype, copy=False) / self.__lam


@distribution.register_kl(Exponential, Exponential)
def _kl_exponential_exponential(dist1, dist2):
    """:math:`\\log\\lambda_1 - \\log\\lambda_2 + \\lambda_2/\\lambda_1 - 1`."""
    return F.log(dist1.lam) - F.log(dist2.lam) + dist2.lam / dist1.lam - 1
