"""The chi-square distribution."""

from __future__ import annotations

import math

import numpy

import chainer
import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


class Chisquare(distribution.Distribution):
    """Chi-square distribution with ``k`` degrees of freedom.

    The probability density function is

    .. math::
        f(x; k) = \\frac{1}{2^{k/2}\\Gamma(k/2)} x^{k/2 - 1} e^{-x/2}, \\qquad x > 0.

    Args:
        k (~chainer.Variable or :ref:`ndarray`): the degrees of freedom
            :math:`k > 0`, a floating-point array of shape ``batch_shape``.

    Raises:
        TypeError: when ``k`` is not a floating-point array.
    """

    def __init__(self, k):
        super().__init__()
        self.__k = _params.as_params("Chisquare", {"k": k})[0]["k"]

    @property
    def k(self):
        """~chainer.Variable: the degrees of freedom, of shape ``batch_shape``."""
        return self.__k

    @property
    def batch_shape(self):
        """tuple of int: the shape of ``k``."""
        return self.__k.shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'k': k}``."""
        return {"k": self.__k}

    @property
    def support(self):
        """str: ``'positive'``."""
        return "positive"

    @property
    def mean(self):
        """~chainer.Variable: :math:`k`."""
        return self.__k

    @property
    def variance(self):
        """~chainer.Variable: :math:`2k`."""
        return 2 * self.__k

    @property
    def entropy(self):
        """~chainer.Variable: :math:`k/2 + \\log 2 + \\log\\Gamma(k/2) + (1 - k/2)\\psi(k/2)`."""
        half_k = 0.5 * self.__k
        return half_k + math.log(2.0) + F.lgamma(half_k) + (1 - half_k) * F.digamma(half_k)

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
        half_k = 0.5 * self.__k
        logp = (
            (half_k - 1) * F.log(x_safe) - 0.5 * x_safe - F.lgamma(half_k) - half_k * math.log(2.0)
        )
        return F.where(inside, logp, -numpy.inf)

    def sample_n(self, n):
        """Draws ``n`` samples (not differentiable).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape`` in the
            dtype of ``k``.
        """
        n = _params.check_n(n)
        k = self.__k.array
        eps = self.xp.random.chisquare(k, size=(n,) + k.shape)
        return chainer.as_variable(eps.astype(k.dtype, copy=False))
