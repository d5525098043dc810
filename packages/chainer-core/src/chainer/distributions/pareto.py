"""The Pareto (type I) distribution."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.where import where
from chainer.functions.math.exponential import exp, log
from chainer.functions.math.exponential_m1 import expm1
from chainer.functions.math.logarithm_1p import log1p


class Pareto(distribution.Distribution):
    """Pareto distribution.

    The density is

    .. math::
        p(x; x_m, \\alpha) = \\frac{\\alpha x_m^\\alpha}{x^{\\alpha + 1}},
            \\quad x \\ge x_m.

    The parameters broadcast together to the batch shape; the event shape is ``()``.

    Args:
        scale (~chainer.Variable or :ref:`ndarray`): the scale (minimum)
            :math:`x_m > 0`, a float16, float32 or float64 array.
        alpha (~chainer.Variable or :ref:`ndarray`): the shape
            :math:`\\alpha > 0`, of the dtype of ``scale``.

    Raises:
        TypeError: for parameters that are not floating-point arrays of one dtype.
        ValueError: when the shapes do not broadcast.
    """

    def __init__(self, scale, alpha):
        params, shape = _params.as_params("Pareto", {"scale": scale, "alpha": alpha})
        self.__scale = params["scale"]
        self.__alpha = params["alpha"]
        self.__log_scale = None
        self.__log_alpha = None
        self.__batch_shape = shape

    @property
    def scale(self):
        """~chainer.Variable: :math:`x_m`, of shape ``batch_shape``."""
        return self.__scale

    @property
    def alpha(self):
        """~chainer.Variable: :math:`\\alpha`, of shape ``batch_shape``."""
        return self.__alpha

    @property
    def _log_scale(self):
        if self.__log_scale is None:
            self.__log_scale = log(self.scale)
        return self.__log_scale

    @property
    def _log_alpha(self):
        if self.__log_alpha is None:
            self.__log_alpha = log(self.alpha)
        return self.__log_alpha

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
        """dict: ``{'scale': scale, 'alpha': alpha}``."""
        return {"scale": self.scale, "alpha": self.alpha}

    @property
    def support(self):
        """str: ``'[scale, inf]'``."""
        return "[scale, inf]"

    def _split(self, x):
        """(x >= scale mask, log(scale / x) with 0 put outside the support)."""
        x = _params.as_input(x, self.scale.dtype)
        inside = _params.mask(x.array >= self.scale.array)
        safe = where(inside, x, self.scale)
        return inside, self._log_scale - log(safe)

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\alpha x_m / (\\alpha - 1)`.

        It is ``inf`` where :math:`\\alpha \\le 1`.
        """
        finite = _params.mask(self.alpha.array > 1)
        alpha = where(finite, self.alpha, 2.0)
        return where(finite, alpha * self.scale / (alpha - 1), math.inf)

    @property
    def mode(self):
        """~chainer.Variable: :math:`x_m`, of shape ``batch_shape``."""
        return self.scale

    @property
    def variance(self):
        """~chainer.Variable: :math:`\\frac{x_m^2 \\alpha}{(\\alpha - 1)^2 (\\alpha - 2)}`.

        It is ``inf`` where :math:`\\alpha \\le 2`.
        """
        finite = _params.mask(self.alpha.array > 2)
        alpha = where(finite, self.alpha, 3.0)
        var = self.scale**2 * alpha / ((alpha - 1) ** 2 * (alpha - 2))
        return where(finite, var, math.inf)

    @property
    def stddev(self):
        """~chainer.Variable: the square root of :attr:`variance`.

        It is ``inf`` where :math:`\\alpha \\le 2`.
        """
        finite = _params.mask(self.alpha.array > 2)
        alpha = where(finite, self.alpha, 3.0)
        std = self.scale / (alpha - 1) * (alpha / (alpha - 2)) ** 0.5
        return where(finite, std, math.inf)

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\log(x_m / \\alpha) + 1 / \\alpha + 1`."""
        return self._log_scale - self._log_alpha + 1.0 / self.alpha + 1.0

    def log_prob(self, x):
        """The log-density at ``x``; ``-inf`` where ``x < scale``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density.
        """
        inside, log_ratio = self._split(x)
        # log(alpha) + alpha log(x_m) - (alpha + 1) log(x)
        logp = self._log_alpha + (self.alpha + 1) * log_ratio - self._log_scale
        return where(inside, logp, -math.inf)

    def cdf(self, x):
        """The cumulative distribution function :math:`1 - (x_m / x)^\\alpha` (0 below ``scale``).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        inside, log_ratio = self._split(x)
        return where(inside, -expm1(self.alpha * log_ratio), 0.0)

    def log_cdf(self, x):
        """The log of the cumulative distribution function (``-inf`` below ``scale``).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities.
        """
        inside, log_ratio = self._split(x)
        # -1 outside the support keeps the discarded branch finite
        log_ratio = where(inside, log_ratio, -1.0)
        return where(inside, log(-expm1(self.alpha * log_ratio)), -math.inf)

    def survival_function(self, x):
        """The survival function :math:`(x_m / x)^\\alpha` (1 below ``scale``).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        inside, log_ratio = self._split(x)
        return where(inside, exp(self.alpha * log_ratio), 1.0)

    def log_survival_function(self, x):
        """The log of the survival function :math:`\\alpha \\log(x_m / x)` (0 below ``scale``).

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities.
        """
        inside, log_ratio = self._split(x)
        return where(inside, self.alpha * log_ratio, 0.0)

    def icdf(self, x):
        """The quantile function :math:`x_m (1 - x)^{-1/\\alpha}`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                :math:`[0, 1]`, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.scale.dtype)
        return self.scale * exp(-log1p(-x) / self.alpha)

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``scale * exp(e / alpha)``, ``e ~ Exp(1)``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``, of the
            dtype of the parameters, differentiable w.r.t. them.
        """
        n = _params.check_n(n)
        e = _params.standard_exponential(self.xp, (n,) + self.batch_shape, self.scale.dtype)
        return self.scale * exp(chainer.as_variable(e) / self.alpha)


@distribution.register_kl(Pareto, Pareto)
def _kl_pareto_pareto(dist1, dist2):
    """KL(Pareto(s1, a1) || Pareto(s2, a2)); ``inf`` where ``s1 < s2``."""
    kl = (
        dist2.alpha * (dist1._log_scale - dist2._log_scale)
        + dist1._log_alpha
        - dist2._log_alpha
        + dist2.alpha / dist1.alpha
        - 1.0
    )
    return where(_params.mask(dist1.scale.array >= dist2.scale.array), kl, math.inf)
