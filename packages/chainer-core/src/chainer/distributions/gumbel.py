"""The Gumbel distribution (type-I extreme value distribution of maxima)."""

from __future__ import annotations

import math

import chainer.functions as F
from chainer import distribution
from chainer.distributions import _params

#: The Euler-Mascheroni constant.
EULER = 0.57721566490153286060651209008240243104215933593992


class Gumbel(distribution.Distribution):
    """Gumbel distribution.

    The probability density function is

    .. math::
        f(x; \\mu, \\eta) = \\frac{1}{\\eta}
            \\exp\\left\\{-\\frac{x - \\mu}{\\eta}\\right\\}
            \\exp\\left[-\\exp\\left\\{-\\frac{x - \\mu}{\\eta}\\right\\}\\right].

    Args:
        loc (~chainer.Variable or :ref:`ndarray`): the location :math:`\\mu`,
            a floating-point array.
        scale (~chainer.Variable or :ref:`ndarray`): the scale
            :math:`\\eta > 0`, of the dtype of ``loc``. The shapes of ``loc``
            and ``scale`` broadcast to the batch shape.

    Raises:
        TypeError: when a parameter is not a floating-point array, or the
            dtypes differ.
        ValueError: when the shapes do not broadcast or the devices differ.
    """

    def __init__(self, loc, scale):
        super().__init__()
        params = _params.as_params("Gumbel", {"loc": loc, "scale": scale})[0]
        self.__loc = params["loc"]
        self.__scale = params["scale"]

    @property
    def loc(self):
        """~chainer.Variable: the location :math:`\\mu`, of shape ``batch_shape``."""
        return self.__loc

    @property
    def scale(self):
        """~chainer.Variable: the scale :math:`\\eta`, of shape ``batch_shape``."""
        return self.__scale

    @property
    def batch_shape(self):
        """tuple of int: the broadcast shape of ``loc`` and ``scale``."""
        return self.__loc.shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'loc': loc, 'scale': scale}``."""
        return {"loc": self.__loc, "scale": self.__scale}

    @property
    def support(self):
        """str: ``'real'``."""
        return "real"

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\mu + \\gamma\\eta` (:math:`\\gamma`: Euler's constant)."""
        return self.__loc + EULER * self.__scale

    @property
    def variance(self):
        """~chainer.Variable: :math:`\\pi^2\\eta^2 / 6`."""
        return (math.pi**2 / 6) * self.__scale * self.__scale

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\log\\eta + \\gamma + 1`."""
        return F.log(self.__scale) + (EULER + 1)

    def _z(self, x):
        x = _params.as_input(x, self.__loc.dtype)
        return (x - self.__loc) / self.__scale

    def log_prob(self, x):
        """Evaluates :math:`-\\log\\eta - z - e^{-z}`, :math:`z = (x - \\mu)/\\eta`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density, of the shape of ``x``.
        """
        z = self._z(x)
        return -F.log(self.__scale) - z - F.exp(-z)

    def log_cdf(self, x):
        """Evaluates :math:`-e^{-z}`, :math:`z = (x - \\mu)/\\eta`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log of the cumulative distribution function.
        """
        return -F.exp(-self._z(x))

    def cdf(self, x):
        """Evaluates :math:`\\exp(-e^{-z})`, :math:`z = (x - \\mu)/\\eta`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the cumulative distribution function.
        """
        return F.exp(self.log_cdf(x))

    def survival_function(self, x):
        """Evaluates :math:`1 - \\exp(-e^{-z})` (with ``expm1``).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the survival function.
        """
        return -F.expm1(self.log_cdf(x))

    def icdf(self, x):
        """Evaluates :math:`\\mu - \\eta\\log(-\\log x)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                ``[0, 1]``, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.__loc.dtype)
        return self.__loc - self.__scale * F.log(-F.log(x))

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``loc + scale * eps``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``,
            differentiable with respect to ``loc`` and ``scale``.
        """
        n = _params.check_n(n)
        dtype = self.__loc.dtype
        eps = self.xp.random.gumbel(size=(n,) + self.batch_shape).astype(dtype, copy=False)
        return self.__loc + self.__scale * eps


@distribution.register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(dist1, dist2):
    """Closed form of ``KL(Gumbel(mu1, eta1) || Gumbel(mu2, eta2))``.

    :math:`\\log(\\eta_2/\\eta_1) + \\gamma(\\eta_1/\\eta_2 - 1)
    + \\exp\\{(\\mu_2 - \\mu_1)/\\eta_2\\}\\Gamma(1 + \\eta_1/\\eta_2) - 1
    + (\\mu_1 - \\mu_2)/\\eta_2`.
    """
    ratio = dist1.scale / dist2.scale
    shift = (dist1.loc - dist2.loc) / dist2.scale
    return (
        F.log(dist2.scale)
        - F.log(dist1.scale)
        + EULER * (ratio - 1)
        + F.exp(-shift + F.lgamma(ratio + 1))
        - 1
        + shift
    )
