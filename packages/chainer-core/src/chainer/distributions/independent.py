"""Reinterpreting batch axes of a distribution as event axes."""

from __future__ import annotations

import math
import numbers

import numpy

from chainer import distribution
from chainer.functions.array.reshape import reshape
from chainer.functions.math.prod import prod
from chainer.functions.math.sum import sum as _sum

_Distribution = distribution.Distribution


class Independent(distribution.Distribution):
    """The joint distribution of independent elements of a batch.

    Takes the last ``reinterpreted_batch_ndims`` axes of the batch of
    ``distribution`` as event axes: an event of the new distribution is the
    tuple of those independent events, so its log-probability is the sum of
    theirs (its probability, cumulative distribution and survival functions
    the product), its entropy the sum of theirs, and its covariance block
    diagonal. For instance, ``Independent(Normal(loc, scale), 1)`` with
    ``loc`` of shape ``(B, D)`` is a diagonal Gaussian over vectors of length
    ``D``, with batch shape ``(B,)``.

    Args:
        distribution (~chainer.Distribution): the base distribution.
        reinterpreted_batch_ndims (int): how many of the last batch axes of
            ``distribution`` become event axes, from 0 to
            ``len(distribution.batch_shape)``. ``None`` (the default) takes all
            the batch axes but the first (none when there are none).

    Raises:
        TypeError: when ``distribution`` is not a :class:`~chainer.Distribution`
            or ``reinterpreted_batch_ndims`` is not an int.
        ValueError: when ``reinterpreted_batch_ndims`` is negative or exceeds
            the number of batch axes.
    """

    def __init__(self, distribution, reinterpreted_batch_ndims=None):
        if not isinstance(distribution, _Distribution):
            raise TypeError(
                "Independent: distribution must be a chainer.Distribution, not "
                f"{type(distribution).__module__}.{type(distribution).__name__}"
            )
        base_batch = tuple(distribution.batch_shape)
        if reinterpreted_batch_ndims is None:
            reinterpreted_batch_ndims = max(0, len(base_batch) - 1)
        elif isinstance(reinterpreted_batch_ndims, (bool, numpy.bool_)) or not isinstance(
            reinterpreted_batch_ndims, numbers.Integral
        ):
            raise TypeError(
                "Independent: reinterpreted_batch_ndims must be an int or None, not "
                f"{type(reinterpreted_batch_ndims).__name__}"
            )
        reinterpreted_batch_ndims = int(reinterpreted_batch_ndims)
        if not 0 <= reinterpreted_batch_ndims <= len(base_batch):
            raise ValueError(
                "Independent: reinterpreted_batch_ndims must be between 0 and the "
                f"number of batch axes of the distribution, {len(base_batch)} (batch "
                f"shape {base_batch}); got {reinterpreted_batch_ndims}"
            )
        self.__distribution = distribution
        self.__ndims = reinterpreted_batch_ndims
        cut = len(base_batch) - reinterpreted_batch_ndims
        self.__batch_shape = base_batch[:cut]
        self.__event_shape = base_batch[cut:] + tuple(distribution.event_shape)

    @property
    def distribution(self):
        """~chainer.Distribution: the base distribution."""
        return self.__distribution

    @property
    def reinterpreted_batch_ndims(self):
        """int: the number of batch axes of the base distribution taken as event axes."""
        return self.__ndims

    @property
    def batch_shape(self):
        """tuple of int: the batch shape of the base distribution without its last axes."""
        return self.__batch_shape

    @property
    def event_shape(self):
        """tuple of int: the reinterpreted batch axes followed by the base event shape."""
        return self.__event_shape

    @property
    def params(self):
        """dict: the parameters of the base distribution."""
        return self.distribution.params

    @property
    def support(self):
        """str: the support of the base distribution (of each component)."""
        return self.distribution.support

    @property
    def xp(self):
        """module: the array module of the base distribution."""
        return self.distribution.xp

    def _reduce(self, op, value):
        """Applies ``op`` (sum or prod) over the reinterpreted axes of ``value``."""
        if self.__ndims == 0:
            return value
        return op(value, axis=tuple(range(-self.__ndims, 0)))

    @property
    def mean(self):
        """~chainer.Variable: the mean of the base distribution.

        Its shape is ``batch_shape + event_shape``.
        """
        return self.distribution.mean

    @property
    def mode(self):
        """~chainer.Variable: the mode of the base distribution (a mode of the joint)."""
        return self.distribution.mode

    @property
    def variance(self):
        """~chainer.Variable: the variance of the base distribution.

        Its shape is ``batch_shape + event_shape``.
        """
        return self.distribution.variance

    @property
    def stddev(self):
        """~chainer.Variable: the standard deviation of the base distribution."""
        return self.distribution.stddev

    @property
    def covariance(self):
        """~chainer.Variable: the block-diagonal covariance of the joint event.

        The blocks are the covariances of the base events (their variances
        for a univariate base); the result has the shape
        ``batch_shape + event_shape + event_shape``.
        """
        base = self.distribution
        base_event = tuple(base.event_shape)
        r = math.prod(self.event_shape[: self.__ndims])
        e = math.prod(base_event)
        if base_event:
            blocks = reshape(base.covariance, self.batch_shape + (r, e, 1, e))
        else:
            blocks = reshape(base.variance, self.batch_shape + (r, 1, 1, 1))
        # cov[.., i, a, j, b] = delta(i, j) blocks[.., i, a, b]
        delta = self.xp.eye(r, dtype=blocks.dtype).reshape(r, 1, r, 1)
        cov = blocks * delta
        return reshape(cov, self.batch_shape + self.event_shape + self.event_shape)

    @property
    def entropy(self):
        """~chainer.Variable: the sum of the components' entropies, of shape ``batch_shape``."""
        return self._reduce(_sum, self.distribution.entropy)

    def log_prob(self, x):
        """The log-probability: the sum of those of the components.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities, of shape ``sample_shape + batch_shape``.
        """
        return self._reduce(_sum, self.distribution.log_prob(x))

    def prob(self, x):
        """The probability (density or mass): the product of those of the components.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the probabilities, of shape ``sample_shape + batch_shape``.
        """
        return self._reduce(prod, self.distribution.prob(x))

    def cdf(self, x):
        """The joint cumulative distribution function :math:`P(X \\le x)`.

        It is the product of the components' cumulative distribution functions.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the probabilities, of shape ``sample_shape + batch_shape``.
        """
        return self._reduce(prod, self.distribution.cdf(x))

    def log_cdf(self, x):
        """The log of :meth:`cdf`: the sum of the components' ``log_cdf``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities, of shape ``sample_shape + batch_shape``.
        """
        return self._reduce(_sum, self.distribution.log_cdf(x))

    def survival_function(self, x):
        """The joint survival function :math:`P(X > x)` (every component greater).

        It is the product of the components' survival functions.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the probabilities, of shape ``sample_shape + batch_shape``.
        """
        return self._reduce(prod, self.distribution.survival_function(x))

    def log_survival_function(self, x):
        """The log of :meth:`survival_function`: the sum of the components'.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + event_shape``.

        Returns:
            ~chainer.Variable: the log-probabilities, of shape ``sample_shape + batch_shape``.
        """
        return self._reduce(_sum, self.distribution.log_survival_function(x))

    def icdf(self, x):
        """Not defined: a multivariate cumulative distribution function has no inverse.

        Args:
            x: ignored.

        Raises:
            NotImplementedError: unless no axis is reinterpreted, where the
                base distribution's ``icdf`` is returned.
        """
        if self.__ndims == 0:
            return self.distribution.icdf(x)
        raise NotImplementedError(
            "Independent does not implement icdf: the cumulative distribution "
            "function of a multivariate event has no inverse"
        )

    def sample_n(self, n):
        """Draws ``n`` samples from the base distribution.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape + event_shape``.
        """
        return self.distribution.sample_n(n)


@distribution.register_kl(Independent, Independent)
def _kl_independent_independent(dist1, dist2):
    """KL between Independents: the sum over the reinterpreted axes of the base KL."""
    if tuple(dist1.event_shape) != tuple(dist2.event_shape):
        raise ValueError(
            "kl_divergence: the Independent distributions have different event "
            f"shapes {tuple(dist1.event_shape)} and {tuple(dist2.event_shape)}"
        )
    base1, base2 = dist1.distribution, dist2.distribution
    if tuple(base1.event_shape) != tuple(base2.event_shape):
        raise NotImplementedError(
            "kl_divergence: the base distributions of the Independent distributions "
            f"have different event shapes {tuple(base1.event_shape)} and "
            f"{tuple(base2.event_shape)} (the same joint event shape split differently)"
        )
    kl = distribution.kl_divergence(base1, base2)
    n = dist1.reinterpreted_batch_ndims
    return _sum(kl, axis=tuple(range(-n, 0))) if n else kl
