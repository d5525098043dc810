"""The continuous uniform distribution on an interval."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.where import where
from chainer.functions.math.clip import clip
from chainer.functions.math.exponential import log


class Uniform(distribution.Distribution):
    """Uniform distribution on :math:`[l, h]`.

    The density is :math:`1 / (h - l)` on :math:`[l, h]` and 0 elsewhere.
    Give the interval either by its bounds (``low`` and ``high``) or by its
    start and length (``loc`` and ``scale``: :math:`l = loc`,
    :math:`h = loc + scale`), by keyword. The parameters broadcast together to
    the batch shape; the event shape is ``()``.

    Args:
        low (~chainer.Variable or :ref:`ndarray`): the lower bound :math:`l`,
            a float16, float32 or float64 array.
        high (~chainer.Variable or :ref:`ndarray`): the upper bound
            :math:`h > l`, of the dtype of ``low``.
        loc (~chainer.Variable or :ref:`ndarray`): the lower bound, with ``scale``.
        scale (~chainer.Variable or :ref:`ndarray`): the length
            :math:`h - l > 0`, with ``loc``.

    Raises:
        ValueError: unless exactly one of the pairs (``low``, ``high``) and
            (``loc``, ``scale``) is given in full, or when the shapes do not broadcast.
        TypeError: for an unknown keyword argument, or parameters that are not
            floating-point arrays of one dtype.
    """

    def __init__(self, **kwargs):
        unknown = set(kwargs) - {"low", "high", "loc", "scale"}
        if unknown:
            raise TypeError(
                f"Uniform got unexpected keyword argument(s) {', '.join(sorted(unknown))}; "
                "give low and high, or loc and scale"
            )
        low, high = kwargs.get("low"), kwargs.get("high")
        loc, scale = kwargs.get("loc"), kwargs.get("scale")
        use_bounds = low is not None and high is not None
        use_loc_scale = loc is not None and scale is not None
        given = sorted(k for k, v in kwargs.items() if v is not None)
        if use_bounds == use_loc_scale or len(given) != 2:
            raise ValueError(
                "Uniform: give either low and high, or loc and scale (not both); "
                f"got {', '.join(given) or 'none'}"
            )
        if use_bounds:
            params, shape = _params.as_params("Uniform", {"low": low, "high": high})
            self.__low, self.__high = params["low"], params["high"]
            self.__loc, self.__scale = self.__low, None
        else:
            params, shape = _params.as_params("Uniform", {"loc": loc, "scale": scale})
            self.__loc, self.__scale = params["loc"], params["scale"]
            self.__low, self.__high = self.__loc, None
        self.__batch_shape = shape

    @property
    def low(self):
        """~chainer.Variable: the lower bound :math:`l`, of shape ``batch_shape``."""
        return self.__low

    @property
    def high(self):
        """~chainer.Variable: the upper bound :math:`h` (``loc + scale`` if given so)."""
        if self.__high is None:
            self.__high = self.__loc + self.__scale
        return self.__high

    @property
    def loc(self):
        """~chainer.Variable: the lower bound :math:`l` (the same as :attr:`low`)."""
        return self.__loc

    @property
    def scale(self):
        """~chainer.Variable: the length :math:`h - l` (``high - low`` if given so)."""
        if self.__scale is None:
            self.__scale = self.__high - self.__low
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
        """dict: ``{'low': low, 'high': high}``."""
        return {"low": self.low, "high": self.high}

    @property
    def support(self):
        """str: ``'[low, high]'``."""
        return "[low, high]"

    @property
    def mean(self):
        """~chainer.Variable: :math:`(l + h) / 2`, of shape ``batch_shape``."""
        return self.low + 0.5 * self.scale

    @property
    def variance(self):
        """~chainer.Variable: :math:`(h - l)^2 / 12`, of shape ``batch_shape``."""
        return self.scale**2 / 12

    @property
    def stddev(self):
        """~chainer.Variable: :math:`(h - l) / \\sqrt{12}`, of shape ``batch_shape``."""
        return self.scale / math.sqrt(12)

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\log(h - l)`, of shape ``batch_shape``."""
        return log(self.scale)

    def log_prob(self, x):
        """The log-density: :math:`-\\log(h - l)` on :math:`[l, h]`, ``-inf`` elsewhere.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density.
        """
        x = _params.as_input(x, self.low.dtype)
        inside = _params.mask((x.array >= self.low.array) & (x.array <= self.high.array))
        return where(inside, -log(self.scale), -math.inf)

    def cdf(self, x):
        """The cumulative distribution function :math:`\\mathrm{clip}((x - l) / (h - l), 0, 1)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        x = _params.as_input(x, self.low.dtype)
        return clip((x - self.low) / self.scale, 0.0, 1.0)

    def survival_function(self, x):
        """The survival function :math:`\\mathrm{clip}((h - x) / (h - l), 0, 1)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probabilities.
        """
        x = _params.as_input(x, self.low.dtype)
        return clip((self.high - x) / self.scale, 0.0, 1.0)

    def icdf(self, x):
        """The quantile function :math:`l + x (h - l)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                :math:`[0, 1]`, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.low.dtype)
        return self.low + x * self.scale

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``low + u * (high - low)``, ``u ~ U[0, 1)``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape``, of the
            dtype of the parameters, differentiable w.r.t. them.
        """
        n = _params.check_n(n)
        u = _params.uniform(self.xp, (n,) + self.batch_shape, self.low.dtype)
        y = self.low + chainer.as_variable(u) * self.scale
        # rounding may step over the upper bound in low precision
        return where(_params.mask(y.array > self.high.array), self.high, y)


@distribution.register_kl(Uniform, Uniform)
def _kl_uniform_uniform(dist1, dist2):
    """KL(U[l1, h1] || U[l2, h2]) = log((h2 - l2) / (h1 - l1)); ``inf`` unless inside."""
    inside = _params.mask(
        (dist1.low.array >= dist2.low.array) & (dist1.high.array <= dist2.high.array)
    )
    return where(inside, log(dist2.scale) - log(dist1.scale), math.inf)
