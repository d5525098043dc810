"""The geometric distribution."""

from __future__ import annotations

import numpy

import chainer
import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


class Geometric(distribution.Distribution):
    """Geometric distribution: the number of Bernoulli trials up to the first success.

    The probability mass function is

    .. math::
        P(x = k; p) = p(1 - p)^{k - 1}, \\qquad k = 1, 2, 3, \\ldots

    Args:
        p (~chainer.Variable or :ref:`ndarray`): the success probability
            :math:`0 < p \\le 1`, a floating-point array of shape
            ``batch_shape``.

    Raises:
        TypeError: when ``p`` is not a floating-point array.
    """

    def __init__(self, p):
        super().__init__()
        self.__p = _params.as_params("Geometric", {"p": p})[0]["p"]

    @property
    def p(self):
        """~chainer.Variable: the success probability, of shape ``batch_shape``."""
        return self.__p

    @property
    def batch_shape(self):
        """tuple of int: the shape of ``p``."""
        return self.__p.shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'p': p}``."""
        return {"p": self.__p}

    @property
    def support(self):
        """str: ``'positive integer'``."""
        return "positive integer"

    @property
    def mean(self):
        """~chainer.Variable: :math:`1 / p`."""
        return 1 / self.__p

    @property
    def variance(self):
        """~chainer.Variable: :math:`(1 - p) / p^2`."""
        return (1 - self.__p) / (self.__p * self.__p)

    def log_prob(self, x):
        """Evaluates :math:`(x - 1)\\log(1 - p) + \\log p`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape`` (integer arrays, or floating
                arrays holding integers).

        Returns:
            ~chainer.Variable: the log-probability, of the shape of ``x`` and
            the dtype of ``p``; ``-inf`` where ``x`` is not a positive integer.
        """
        x = _params.as_input(x, self.__p.dtype)
        xa = x.array
        inside = utils.force_array((xa >= 1) & (xa == self.xp.floor(xa)))
        # (x - 1) log(1 - p) is 0 at x = 1, also where p = 1.
        failures = F.where(utils.force_array(inside & (xa > 1)), x - 1, 0.0)
        tail = failures * F.where(utils.force_array(failures.array != 0), F.log1p(-self.__p), 0.0)
        return F.where(inside, tail + F.log(self.__p), -numpy.inf)

    def sample_n(self, n):
        """Draws ``n`` samples (not differentiable).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: positive integers of shape ``(n,) + batch_shape``
            in the dtype of ``p``.
        """
        n = _params.check_n(n)
        p = self.__p.array
        eps = self.xp.random.geometric(p, size=(n,) + p.shape)
        return chainer.as_variable(eps.astype(p.dtype, copy=False))


@distribution.register_kl(Geometric, Geometric)
def _kl_geometric_geometric(dist1, dist2):
    """:math:`(1/p_1 - 1)\\{\\log(1 - p_1) - \\log(1 - p_2)\\} + \\log p_1 - \\log p_2`."""
    p1, p2 = dist1.p, dist2.p
    return (1 / p1 - 1) * (F.log1p(-p1) - F.log1p(-p2)) + F.log(p1) - F.log(p2)
