"""The Bernoulli distribution."""

from __future__ import annotations

import numpy

import chainer
import chainer.functions as F
from chainer import backend, distribution, utils
from chainer.distributions import _params


def _xlogy(x, logy):
    """``x * logy`` with ``0 * log(0)`` taken as 0 (``x`` is a Variable)."""
    return x * F.where(utils.force_array(x.array != 0), logy, 0.0)


class Bernoulli(distribution.Distribution):
    """Bernoulli distribution.

    The probability mass function is

    .. math::
        P(x = 1; p) = p, \\qquad P(x = 0; p) = 1 - p.

    The distribution is given by either :math:`p` or its logit
    :math:`\\log\\{p / (1 - p)\\}`, not both; the other one is computed from it.

    Args:
        p (~chainer.Variable or :ref:`ndarray`): the probability of 1, of
            shape ``batch_shape`` and a floating-point dtype.
        logit (~chainer.Variable or :ref:`ndarray`): the log-odds
            :math:`\\log\\{p / (1 - p)\\}`, of shape ``batch_shape`` and a
            floating-point dtype.
        binary_check (bool): if ``True``, :meth:`log_prob` is ``-inf`` and
            :meth:`prob` is 0 at points other than 0 and 1. If ``False``,
            they evaluate :math:`x \\log p + (1 - x) \\log (1 - p)` and
            :math:`x p + (1 - x)(1 - p)` at any real ``x`` (a relaxation
            that some losses use).

    Raises:
        ValueError: when both or neither of ``p`` and ``logit`` are given.
        TypeError: when the parameter is not a floating-point array.
    """

    def __init__(self, p=None, logit=None, binary_check=False):
        super().__init__()
        if (p is None) == (logit is None):
            raise ValueError("Bernoulli: give either `p` or `logit` (not both)")
        given = {"p": p} if p is not None else {"logit": logit}
        params, _ = _params.as_params("Bernoulli", given)
        self.__p = params.get("p")
        self.__logit = params.get("logit")
        self.binary_check = binary_check

    @property
    def p(self):
        """~chainer.Variable: the probability of 1, of shape ``batch_shape``."""
        if self.__p is not None:
            return self.__p
        return F.sigmoid(self.__logit)

    @property
    def logit(self):
        """~chainer.Variable: the log-odds :math:`\\log\\{p / (1 - p)\\}`, of ``batch_shape``."""
        if self.__logit is not None:
            return self.__logit
        return F.log(self.__p) - F.log1p(-self.__p)

    def _log_p_and_log_q(self):
        """``(log p, log(1 - p))``, from whichever parameter was given."""
        if self.__logit is not None:
            return -F.softplus(-self.__logit), -F.softplus(self.__logit)
        return F.log(self.__p), F.log1p(-self.__p)

    @property
    def batch_shape(self):
        """tuple of int: the shape of the parameter."""
        return (self.__p if self.__p is not None else self.__logit).shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'logit': logit}``, as in Chainer."""
        return {"logit": self.logit}

    @property
    def xp(self):
        """module: the array module of the given parameter (:mod:`numpy` or :mod:`cupy`)."""
        return backend.get_array_module((self.__p if self.__p is not None else self.__logit).array)

    @property
    def support(self):
        """str: ``'{0, 1}'``."""
        return "{0, 1}"

    @property
    def _dtype(self):
        return (self.__p if self.__p is not None else self.__logit).dtype

    @property
    def mean(self):
        """~chainer.Variable: the mean :math:`p`, of shape ``batch_shape``."""
        return self.p

    @property
    def variance(self):
        """~chainer.Variable: the variance :math:`p(1 - p)`, of shape ``batch_shape``."""
        p = self.p
        return p * (1 - p)

    @property
    def stddev(self):
        """~chainer.Variable: the standard deviation :math:`\\sqrt{p(1 - p)}`."""
        return F.sqrt(self.variance)

    @property
    def entropy(self):
        """~chainer.Variable: :math:`-p \\log p - (1 - p) \\log (1 - p)`, of shape ``batch_shape``.

        ``0 log 0`` is taken as 0, so the entropy is 0 at ``p`` in {0, 1}.
        """
        p = self.p
        log_p, log_q = self._log_p_and_log_q()
        return -_xlogy(p, log_p) - _xlogy(1 - p, log_q)

    def log_prob(self, x):
        """Evaluates :math:`x \\log p + (1 - x) \\log (1 - p)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape`` (integer or floating arrays;
                0 and 1 are the support).

        Returns:
            ~chainer.Variable: the log-probability, of the shape of ``x`` and
            the dtype of the parameter. With ``binary_check``, it is ``-inf``
            where ``x`` is neither 0 nor 1. At ``p`` in {0, 1} (infinite
            logit) the value is exact but the gradient is NaN.
        """
        x = _params.as_input(x, self._dtype)
        log_p, log_q = self._log_p_and_log_q()
        y = _xlogy(x, log_p) + _xlogy(1 - x, log_q)
        if self.binary_check:
            valid = utils.force_array((x.array == 0) | (x.array == 1))
            y = F.where(valid, y, -numpy.inf)
        return y

    def prob(self, x):
        """Evaluates :math:`x p + (1 - x)(1 - p)`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape``.

        Returns:
            ~chainer.Variable: the probability, of the shape of ``x``. With
            ``binary_check``, it is 0 where ``x`` is neither 0 nor 1.
        """
        x = _params.as_input(x, self._dtype)
        p = self.p
        y = x * p + (1 - x) * (1 - p)
        if self.binary_check:
            valid = utils.force_array((x.array == 0) | (x.array == 1))
            y = F.where(valid, y, 0.0)
        return y

    def sample_n(self, n):
        """Draws ``n`` samples (not differentiable).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: 0s and 1s of shape ``(n,) + batch_shape`` in
            the dtype of the parameter.
        """
        n = _params.check_n(n)
        p = self.p.array
        u = self.xp.random.random_sample((n,) + p.shape)
        return chainer.as_variable((u < p).astype(p.dtype))


@distribution.register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(dist1, dist2):
    """:math:`p_1 \\log(p_1 / p_2) + (1 - p_1) \\log\\{(1 - p_1) / (1 - p_2)\\}`."""
    p1 = dist1.p
    log_p1, log_q1 = dist1._log_p_and_log_q()
    log_p2, log_q2 = dist2._log_p_and_log_q()
    return _xlogy(p1, log_p1 - log_p2) + _xlogy(1 - p1, log_q1 - log_q2)
