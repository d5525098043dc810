"""The univariate normal (Gaussian) distribution."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.math.exponential import exp, log
from chainer.functions.math.log_ndtr import log_ndtr
from chainer.functions.math.ndtr import ndtr
from chainer.functions.math.ndtri import ndtri

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


class Normal(distribution.Distribution):
    """Normal distribution :math:`N(\\mu, \\sigma^2)`.

    The density is

    .. math::
        p(x; \\mu, \\sigma) = \\frac{1}{\\sqrt{2 \\pi} \\sigma}
            \\exp\\left(-\\frac{(x - \\mu)^2}{2 \\sigma^2}\\right).

    Give the scale either directly (``scale``) or as its logarithm
    (``log_scale``), not both. The parameters broadcast together to the batch
    shape; the event shape is ``()``.

    Args:
        loc (~chainer.Variable or :ref:`ndarray`): the mean :math:`\\mu`, a
            float16, float32 or float64 array.
        scale (~chainer.Variable or :ref:`ndarray`): the standard deviation
            :math:`\\sigma > 0`, of the dtype of ``loc``.
        log_scale (~chainer.Variable or :ref:`ndarray`): :math:`\\log \\sigma`,
            given by keyword instead of ``scale``.

    Raises:
        ValueError: when neither or both of ``scale`` and ``log_scale`` are
            given, or the shapes do not broadcast.
        TypeError: for an unknown keyword argument, or parameters that are
            not floating-point arrays of one dtype.
    """

    def __init__(self, loc, scale=None, **kwargs):
        log_scale = kwargs.pop("log_scale", None)
        if kwargs:
            raise TypeError(
                f"Normal got unexpected keyword argument(s) {', '.join(sorted(kwargs))}"
            )
        if (scale is None) == (log_scale is None):
            raise ValueError("Normal: give exactly one of scale and log_scale")
        if scale is not None:
            params, shape = _params.as_params("Normal", {"loc": loc, "scale": scale})
            self.__scale = params["scale"]
            self.__log_scale = None
        else:
            params, shape = _params.as_params("Normal", {"loc": loc, "log_scale": log_scale})
            self.__scale = None
            self.__log_scale = params["log_scale"]
        self.__loc = params["loc"]
        self.__batch_shape = shape

    @property
    def loc(self):
        """~chainer.Variable: the mean :math:`\\mu`, of shape ``batch_shape``."""
        return self.__loc

    @property
    def scale(self):
        """~chainer.Variable: :math:`\\sigma` (``exp(log_scale)`` when given so)."""
        if self.__scale is None:
            self.__scale = exp(self.__log_scale)
        return self.__scale

    @property
    def log_scale(self):
        """~chainer.Variable: :math:`\\log \\sigma` (``log(scale)`` if given so)."""
        if self.__log_scale is None:
            self.__log_scale = log(self.__scale)
        return self.__log_scale

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
        """dict: ``{'loc': loc, 'scale': scale}``."""
        return {"loc": self.loc, "scale": self.scale}

    @property
    def support(self):
        """str: ``'real'``."""
        return "real"

    def _z(self, x):
        x = _params.as_input(x, self.loc.dtype)
        return (x - self.loc) / self.scale

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\mu`, of shape ``batch_shape``."""
        return self.loc

    @property
    def mode(self):
        """~chainer.Variable: :math:`\\mu`, of shape ``batch_shape``."""
        return self.loc

    @property
    def stddev(self):
        """~chainer.Variable: :math:`\\sigma`, of shape ``batch_shape``."""
        return self.scale

    @property
    def variance(self):
        """~chainer.Variable: :math:`\\sigma^2`, of shape ``batch_shape``."""
        return self.scale**2

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\log \\sigma + \\frac{1}{2} \\log(2 \\pi e)`."""
        return self.log_scale + (_HALF_LOG_2PI + 0.5)

    def log_prob(self, x):
        """The log-density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape`` (or broadcastable to it).

        Returns:
            ~chainer.Variable: the log-density, of the broadcast shape.
        """
        z = self._z(x)
        return -0.5 * z**2 - self.log_scale - _HALF_LOG_2PI

    def prob(self, x):
        """The density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the density.
        """
        z = self._z(x)
        return exp(-0.5 * z**2) / (self.scale * math.sqrt(2 * math.pi))

    def cdf(self, x):
        """The cumulative distribution function :math:`\\Phi((x - \\mu) / \\sigma)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        return ndtr(self._z(x))

    def log_cdf(self, x):
        """The log of the cumulative distribution function, accurate in the left tail.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities.
        """
        return log_ndtr(self._z(x))

    def survival_function(self, x):
        """The survival function :math:`\\Phi((\\mu - x) / \\sigma)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        return ndtr(-self._z(x))

    def log_survival_function(self, x):
        """The log of the survival function, accurate in the right tail.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities.
        """
        return log_ndtr(-self._z(x))

    def icdf(self, x):
        """The quantile function :math:`\\mu + \\sigma \\Phi^{-1}(x)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                :math:`[0, 1]`, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.loc.dtype)
        return self.loc + self.scale * ndtri(x)

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``loc + scale * eps``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``, of the
            dtype of the parameters, differentiable w.r.t. them.
        """
        n = _params.check_n(n)
        eps = _params.standard_normal(self.xp, (n,) + self.batch_shape, self.loc.dtype)
        return self.loc + self.scale * chainer.as_variable(eps)


@distribution.register_kl(Normal, Normal)
def _kl_normal_normal(dist1, dist2):
    """KL(N(m1, s1^2) || N(m2, s2^2)), of the broadcast batch shape."""
    return (
        dist2.log_scale
        - dist1.log_scale
        + 0.5 * (dist1.scale**2 + (dist1.loc - dist2.loc) ** 2) / dist2.scale**2
        - 0.5
    )
