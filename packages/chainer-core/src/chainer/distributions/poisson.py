"""The Poisson distribution."""

from __future__ import annotations

import math

import numpy

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.cast import cast
from chainer.functions.array.where import where
from chainer.functions.math.exponential import exp, log
from chainer.functions.math.floor import floor
from chainer.functions.math.lgamma import lgamma
from chainer.functions.math.sum import sum as _sum

# entropy: up to this rate a truncated series, above it an asymptotic expansion
# (whose first omitted term is about 0.1 / rate**4)
_ENTROPY_SERIES_MAX_RATE = 200.0


class Poisson(distribution.Distribution):
    """Poisson distribution.

    The probability mass function is

    .. math::
        P(x; \\lambda) = \\frac{\\lambda^x e^{-\\lambda}}{x!}, \\quad x = 0, 1, 2, \\dots

    Args:
        lam (~chainer.Variable or :ref:`ndarray`): the rate :math:`\\lambda > 0`,
            a float16, float32 or float64 array; its shape is the batch shape.
            The event shape is ``()``.

    Raises:
        TypeError: when ``lam`` is not a floating-point array.
    """

    def __init__(self, lam):
        params, shape = _params.as_params("Poisson", {"lam": lam})
        self.__lam = params["lam"]
        self.__log_lam = None
        self.__batch_shape = shape

    @property
    def lam(self):
        """~chainer.Variable: the rate :math:`\\lambda`, of shape ``batch_shape``."""
        return self.__lam

    @property
    def _log_lam(self):
        if self.__log_lam is None:
            self.__log_lam = log(self.lam)
        return self.__log_lam

    @property
    def batch_shape(self):
        """tuple of int: the shape of ``lam``."""
        return self.__batch_shape

    @property
    def event_shape(self):
        """tuple of int: ``()``."""
        return ()

    @property
    def params(self):
        """dict: ``{'lam': lam}``."""
        return {"lam": self.lam}

    @property
    def support(self):
        """str: ``'non negative integer'``."""
        return "non negative integer"

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\lambda`, of shape ``batch_shape``."""
        return self.lam

    @property
    def mode(self):
        """~chainer.Variable: :math:`\\lfloor \\lambda \\rfloor` (not differentiable)."""
        return floor(self.lam)

    @property
    def variance(self):
        """~chainer.Variable: :math:`\\lambda`, of shape ``batch_shape``."""
        return self.lam

    @property
    def stddev(self):
        """~chainer.Variable: :math:`\\sqrt{\\lambda}`, of shape ``batch_shape``."""
        return self.lam**0.5

    @property
    def entropy(self):
        """~chainer.Variable: :math:`-\\sum_k P(k) \\log P(k)`, of shape ``batch_shape``.

        No closed form exists. For :math:`\\lambda \\le 200` the series is
        summed up to :math:`\\lambda` + 20 standard deviations (the rest is
        far below the precision of float64); above, the asymptotic expansion
        :math:`\\frac12 \\log(2 \\pi e \\lambda) - \\frac{1}{12 \\lambda}
        - \\frac{1}{24 \\lambda^2} - \\frac{19}{360 \\lambda^3}` is used
        (absolute error below :math:`10^{-10}`). Computed in float64 and
        differentiable w.r.t. ``lam``; the series takes memory and time in
        proportion to the batch size times the number of terms (at most 523).
        """
        # computed in float64 (the series sums hundreds of terms)
        lam = self.lam if self.lam.dtype == numpy.float64 else cast(self.lam, numpy.float64)
        xp = self.xp
        small = _params.mask(lam.array <= _ENTROPY_SERIES_MAX_RATE)
        # the series on the small rates (1 elsewhere, a branch discarded below)
        lam_s = where(small, lam, 1.0)
        log_lam_s = log(lam_s)
        # terms up to the largest rate + 20 standard deviations (+ 40)
        top = float(lam_s.array.max()) if lam_s.size else 0.0
        n_terms = int(top + 20 * math.sqrt(max(top, 0.0)) + 40)
        k = xp.arange(n_terms, dtype=lam.dtype).reshape((n_terms,) + (1,) * lam.ndim)
        logp = log_lam_s * k - lam_s - lgamma(chainer.as_variable(k + 1))
        series = -_sum(exp(logp) * logp, axis=0)
        # the asymptotic expansion on the large rates (the bound elsewhere)
        lam_a = where(small, _ENTROPY_SERIES_MAX_RATE, lam)
        inv = 1.0 / lam_a
        asym = (
            0.5 * (log(lam_a) + math.log(2 * math.pi * math.e))
            - inv / 12
            - inv**2 / 24
            - 19 * inv**3 / 360
        )
        entropy = where(small, series, asym)
        return entropy if self.lam.dtype == numpy.float64 else cast(entropy, self.lam.dtype)

    def log_prob(self, x):
        """The log of the probability mass :math:`x \\log \\lambda - \\lambda - \\log x!`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): counts of shape
                ``sample_shape + batch_shape``, of any numeric dtype (cast to
                the dtype of ``lam``; not differentiated).

        Returns:
            ~chainer.Variable: the log-probabilities; ``-inf`` where ``x`` is
            negative or not an integer.
        """
        x = chainer.as_array(x) if isinstance(x, chainer.Variable) else x
        x = _params.as_input(x, self.lam.dtype).array
        xp = self.xp
        valid = _params.mask((x >= 0) & (x == xp.floor(x)))
        x = xp.where(valid, x, 0).astype(self.lam.dtype, copy=False)
        logp = x * self._log_lam - self.lam - lgamma(chainer.as_variable(xp.asarray(x + 1)))
        return where(valid, logp, -math.inf)

    def sample_n(self, n):
        """Draws ``n`` samples (not reparameterizable; no gradient flows).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: integer-valued samples of shape
            ``(n,) + batch_shape``, in the dtype of ``lam``.
        """
        n = _params.check_n(n)
        xp = self.xp
        counts = xp.random.poisson(self.lam.array, (n,) + self.batch_shape)
        return chainer.Variable(counts.astype(self.lam.dtype), requires_grad=False)


@distribution.register_kl(Poisson, Poisson)
def _kl_poisson_poisson(dist1, dist2):
    """KL(Poisson(l1) || Poisson(l2)) = l1 (log l1 - log l2) - l1 + l2."""
    return dist1.lam * (dist1._log_lam - dist2._log_lam) - dist1.lam + dist2.lam
