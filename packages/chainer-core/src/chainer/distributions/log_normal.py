"""The log-normal distribution: the law of ``exp(y)`` for a normal ``y``."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.where import where
from chainer.functions.math.exponential import exp, log
from chainer.functions.math.exponential_m1 import expm1
from chainer.functions.math.log_ndtr import log_ndtr
from chainer.functions.math.ndtr import ndtr
from chainer.functions.math.ndtri import ndtri

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


class LogNormal(distribution.Distribution):
    """Log-normal distribution.

    The density is

    .. math::
        p(x; \\mu, \\sigma) = \\frac{1}{\\sqrt{2 \\pi} \\sigma x}
            \\exp\\left(-\\frac{(\\log x - \\mu)^2}{2 \\sigma^2}\\right), \\quad x > 0.

    The parameters broadcast together to the batch shape; the event shape is ``()``.

    Args:
        mu (~chainer.Variable or :ref:`ndarray`): the mean :math:`\\mu` of
            :math:`\\log x`, a float16, float32 or float64 array.
        sigma (~chainer.Variable or :ref:`ndarray`): the standard deviation
            :math:`\\sigma > 0` of :math:`\\log x`, of the dtype of ``mu``.

    Raises:
        TypeError: for parameters that are not floating-point arrays of one dtype.
        ValueError: when the shapes do not broadcast.
    """

    def __init__(self, mu, sigma):
        params, shape = _params.as_params("LogNormal", {"mu": mu, "sigma": sigma})
        self.__mu = params["mu"]
        self.__sigma = params["sigma"]
        self.__log_sigma = None
        self.__batch_shape = shape

    @property
    def mu(self):
        """~chainer.Variable: :math:`\\mu`, of shape ``batch_shape``."""
        return self.__mu

    @property
    def sigma(self):
        """~chainer.Variable: :math:`\\sigma`, of shape ``batch_shape``."""
        return self.__sigma

    @property
    def _log_sigma(self):
        if self.__log_sigma is None:
            self.__log_sigma = log(self.sigma)
        return self.__log_sigma

    @property
    def batch_shape(self):
        """tuple of int: the broadcast shape of the parameters."""
        return self.__batch_shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'mu': mu, 'sigma': sigma}``."""
        return {"mu": self.mu, "sigma": self.sigma}

    @property
    def support(self):
        """str: ``'positive'``."""
        return "positive"

    def _split(self, x):
        """(x > 0 mask, log(x) with 1 put at the points outside the support)."""
        x = _params.as_input(x, self.mu.dtype)
        inside = _params.mask(x.array > 0)
        safe = where(inside, x, 1.0)
        return inside, log(safe)

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\exp(\\mu + \\sigma^2 / 2)`."""
        return exp(self.mu + 0.5 * self.sigma**2)

    @property
    def mode(self):
        """~chainer.Variable: :math:`\\exp(\\mu - \\sigma^2)`."""
        return exp(self.mu - self.sigma**2)

    @property
    def variance(self):
        """~chainer.Variable: :math:`(e^{\\sigma^2} - 1) e^{2 \\mu + \\sigma^2}`."""
        s2 = self.sigma**2
        return expm1(s2) * exp(2 * self.mu + s2)

    @property
    def stddev(self):
        """~chainer.Variable: the square root of :attr:`variance`."""
        s2 = self.sigma**2
        return expm1(s2) ** 0.5 * exp(self.mu + 0.5 * s2)

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\mu + \\log \\sigma + \\frac12 \\log(2 \\pi e)`."""
        return self.mu + self._log_sigma + (_HALF_LOG_2PI + 0.5)

    def log_prob(self, x):
        """The log-density at ``x``; ``-inf`` where ``x <= 0``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density.
        """
        inside, logx = self._split(x)
        z = (logx - self.mu) / self.sigma
        logp = -0.5 * z**2 - self._log_sigma - logx - _HALF_LOG_2PI
        return where(inside, logp, -math.inf)

    def cdf(self, x):
        """The cumulative distribution function :math:`\\Phi((\\log x - \\mu) / \\sigma)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities (0 where ``x <= 0``).
        """
        inside, logx = self._split(x)
        return where(inside, ndtr((logx - self.mu) / self.sigma), 0.0)

    def log_cdf(self, x):
        """The log of the cumulative distribution function, accurate in the left tail.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities (``-inf`` where ``x <= 0``).
        """
        inside, logx = self._split(x)
        return where(inside, log_ndtr((logx - self.mu) / self.sigma), -math.inf)

    def survival_function(self, x):
        """The survival function :math:`\\Phi((\\mu - \\log x) / \\sigma)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities (1 where ``x <= 0``).
        """
        inside, logx = self._split(x)
        return where(inside, ndtr((self.mu - logx) / self.sigma), 1.0)

    def log_survival_function(self, x):
        """The log of the survival function, accurate in the right tail.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities (0 where ``x <= 0``).
        """
        inside, logx = self._split(x)
        return where(inside, log_ndtr((self.mu - logx) / self.sigma), 0.0)

    def icdf(self, x):
        """The quantile function :math:`\\exp(\\mu + \\sigma \\Phi^{-1}(x))`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                :math:`[0, 1]`, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.mu.dtype)
        return exp(self.mu + self.sigma * ndtri(x))

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``exp(mu + sigma * eps)``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``, of the
            dtype of the parameters, differentiable w.r.t. them.
        """
        n = _params.check_n(n)
        eps = _params.standard_normal(self.xp, (n,) + self.batch_shape, self.mu.dtype)
        return exp(self.mu + self.sigma * chainer.as_variable(eps))


@distribution.register_kl(LogNormal, LogNormal)
def _kl_log_normal_log_normal(dist1, dist2):
    """KL between log-normals: that of the underlying normals, of the broadcast batch shape."""
    return (
        dist2._log_sigma
        - dist1._log_sigma
        + 0.5 * (dist1.sigma**2 + (dist1.mu - dist2.mu) ** 2) / dist2.sigma**2
        - 0.5
    )
