"""The Laplace (double exponential) distribution."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.where import where
from chainer.functions.math.basic_math import absolute
from chainer.functions.math.exponential import exp, log
from chainer.functions.math.logarithm_1p import log1p

_LOG_HALF = math.log(0.5)


class Laplace(distribution.Distribution):
    """Laplace distribution.

    The density is

    .. math::
        p(x; \\mu, b) = \\frac{1}{2 b} \\exp\\left(-\\frac{|x - \\mu|}{b}\\right).

    The parameters broadcast together to the batch shape; the event shape is ``()``.

    Args:
        loc (~chainer.Variable or :ref:`ndarray`): the location :math:`\\mu`, a
            float16, float32 or float64 array.
        scale (~chainer.Variable or :ref:`ndarray`): the scale :math:`b > 0`,
            of the dtype of ``loc``.

    Raises:
        TypeError: for parameters that are not floating-point arrays of one dtype.
        ValueError: when the shapes do not broadcast.
    """

    def __init__(self, loc, scale):
        params, shape = _params.as_params("Laplace", {"loc": loc, "scale": scale})
        self.__loc = params["loc"]
        self.__scale = params["scale"]
        self.__batch_shape = shape

    @property
    def loc(self):
        """~chainer.Variable: the location :math:`\\mu`, of shape ``batch_shape``."""
        return self.__loc

    @property
    def scale(self):
        """~chainer.Variable: the scale :math:`b`, of shape ``batch_shape``."""
        return self.__scale

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
    def variance(self):
        """~chainer.Variable: :math:`2 b^2`, of shape ``batch_shape``."""
        return 2 * self.scale**2

    @property
    def stddev(self):
        """~chainer.Variable: :math:`\\sqrt{2} b`, of shape ``batch_shape``."""
        return math.sqrt(2) * self.scale

    @property
    def entropy(self):
        """~chainer.Variable: :math:`1 + \\log(2 b)`, of shape ``batch_shape``."""
        return 1.0 + log(2 * self.scale)

    def log_prob(self, x):
        """The log-density :math:`-\\log(2 b) - |x - \\mu| / b`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density.
        """
        return -absolute(self._z(x)) - log(2 * self.scale)

    def prob(self, x):
        """The density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the density.
        """
        return exp(-absolute(self._z(x))) / (2 * self.scale)

    def cdf(self, x):
        """The cumulative distribution function, accurate in the left tail.

        It is :math:`\\frac12 e^{z}` for :math:`z = (x - \\mu) / b < 0` and
        :math:`1 - \\frac12 e^{-z}` otherwise.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        return self._tail(-self._z(x))

    def survival_function(self, x):
        """The survival function, accurate in the right tail.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        return self._tail(self._z(x))

    @staticmethod
    def _tail(z):
        # 1 - cdf(z) of the standard Laplace: exp(-z) / 2 for z >= 0,
        # 1 - exp(z) / 2 for z < 0 (both branches finite)
        half_exp = 0.5 * exp(-absolute(z))
        return where(_params.mask(z.array >= 0), half_exp, 1.0 - half_exp)

    @staticmethod
    def _log_tail(z):
        # log(1 - cdf(z)) of the standard Laplace, accurate for both signs:
        # log(1/2) - z for z >= 0, log1p(-exp(z) / 2) for z < 0.
        near = log1p(-0.5 * exp(-absolute(z)))
        return where(_params.mask(z.array >= 0), _LOG_HALF - z, near)

    def log_cdf(self, x):
        """The log of the cumulative distribution function, accurate in both tails.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities.
        """
        return self._log_tail(-self._z(x))

    def log_survival_function(self, x):
        """The log of the survival function, accurate in both tails.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities.
        """
        return self._log_tail(self._z(x))

    def icdf(self, x):
        """The quantile function.

        It is :math:`\\mu + b \\log(2 x)` for :math:`x < \\frac12` and
        :math:`\\mu - b \\log(2 - 2 x)` otherwise, accurate in both tails.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                :math:`[0, 1]`, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.loc.dtype)
        lower = _params.mask(x.array < 0.5)
        # each branch on probabilities clipped into its range (finite gradients)
        z_lower = log(2 * where(lower, x, 0.25))
        z_upper = -log1p(-(2 * where(lower, 0.75, x) - 1))
        return self.loc + self.scale * where(lower, z_lower, z_upper)

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``loc + scale * eps``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``, of the
            dtype of the parameters, differentiable w.r.t. them.
        """
        n = _params.check_n(n)
        eps = _params.standard_laplace(self.xp, (n,) + self.batch_shape, self.loc.dtype)
        return self.loc + self.scale * chainer.as_variable(eps)


@distribution.register_kl(Laplace, Laplace)
def _kl_laplace_laplace(dist1, dist2):
    """KL(Laplace(m1, b1) || Laplace(m2, b2)), of the broadcast batch shape."""
    diff = absolute(dist1.loc - dist2.loc)
    return (
        log(dist2.scale)
        - log(dist1.scale)
        + diff / dist2.scale
        + dist1.scale / dist2.scale * exp(-diff / dist1.scale)
        - 1.0
    )
