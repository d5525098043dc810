"""The Cauchy distribution."""

from __future__ import annotations

import math
import warnings

import chainer
import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


class Cauchy(distribution.Distribution):
    """Cauchy distribution.

    The probability density function is

    .. math::
        f(x; x_0, \\gamma) = \\frac{1}{\\pi}\\frac{\\gamma}{(x - x_0)^2 + \\gamma^2}.

    Its mean and variance are undefined.

    Args:
        loc (~chainer.Variable or :ref:`ndarray`): the location :math:`x_0`, a
            floating-point array.
        scale (~chainer.Variable or :ref:`ndarray`): the scale
            :math:`\\gamma > 0`, of the dtype of ``loc``. The shapes of
            ``loc`` and ``scale`` broadcast to the batch shape.

    Raises:
        TypeError: when a parameter is not a floating-point array, or the
            dtypes differ.
        ValueError: when the shapes do not broadcast or the devices differ.
    """

    def __init__(self, loc, scale):
        super().__init__()
        params = _params.as_params("Cauchy", {"loc": loc, "scale": scale})[0]
        self.__loc = params["loc"]
        self.__scale = params["scale"]

    @property
    def loc(self):
        """~chainer.Variable: the location :math:`x_0`, of shape ``batch_shape``."""
        return self.__loc

    @property
    def scale(self):
        """~chainer.Variable: the scale :math:`\\gamma`, of shape ``batch_shape``."""
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

    def _undefined(self, what):
        warnings.warn(
            f"{what} of the Cauchy distribution is undefined.", RuntimeWarning, stacklevel=3
        )
        array = self.__loc.array
        return chainer.as_variable(self.xp.full(array.shape, float("nan"), dtype=array.dtype))

    @property
    def mean(self):
        """~chainer.Variable: NaN (undefined), with a :class:`RuntimeWarning`."""
        return self._undefined("Mean")

    @property
    def variance(self):
        """~chainer.Variable: NaN (undefined), with a :class:`RuntimeWarning`."""
        return self._undefined("Variance")

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\log(4\\pi\\gamma)`, of shape ``batch_shape``."""
        return F.log(self.__scale) + math.log(4 * math.pi)

    def _z(self, x):
        x = _params.as_input(x, self.__loc.dtype)
        return (x - self.__loc) / self.__scale

    def log_prob(self, x):
        """Evaluates :math:`-\\log\\pi - \\log\\gamma - \\log(1 + z^2)`.

        Here :math:`z = (x - x_0)/\\gamma`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the log-density, of the shape of ``x``.
        """
        z = self._z(x)
        return -F.log1p(z * z) - F.log(self.__scale) - math.log(math.pi)

    def cdf(self, x):
        """Evaluates :math:`1/2 + \\arctan(z)/\\pi`, :math:`z = (x - x_0)/\\gamma`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the cumulative distribution function.
        """
        return F.arctan(self._z(x)) / math.pi + 0.5

    def survival_function(self, x):
        """Evaluates :math:`1/2 - \\arctan(z)/\\pi`, :math:`z = (x - x_0)/\\gamma`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the survival function.
        """
        return 0.5 - F.arctan(self._z(x)) / math.pi

    def icdf(self, x):
        """Evaluates :math:`x_0 + \\gamma\\tan\\{\\pi(x - 1/2)\\}`.

        Computed as :math:`x_0 \\mp \\gamma\\cot(\\pi t)` with :math:`t` the
        distance of ``x`` to the nearer of 0 and 1, which keeps the tails
        accurate in float32.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): probabilities in
                ``[0, 1]``, of shape ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the quantiles.
        """
        x = _params.as_input(x, self.__loc.dtype)
        lower = utils.force_array(x.array < 0.5)
        cot = 1 / F.tan(math.pi * F.where(lower, x, 1 - x))
        return self.__loc + self.__scale * F.where(lower, -cot, cot)

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
        eps = self.xp.random.standard_cauchy((n,) + self.batch_shape).astype(dtype, copy=False)
        return self.__loc + self.__scale * eps
