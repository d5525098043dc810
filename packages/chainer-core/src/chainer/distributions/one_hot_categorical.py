"""The categorical distribution over one-hot vectors."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.array.where import where
from chainer.functions.math.exponential import log
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sum import sum as _sum


class OneHotCategorical(distribution.Distribution):
    """Categorical distribution over the one-hot vectors of length :math:`K`.

    An event is a vector :math:`x \\in \\{0, 1\\}^K` with a single one; its
    probability is :math:`P(x; p) = \\prod_k p_k^{x_k}`. The last axis of
    ``p`` is the event axis: the batch shape is ``p.shape[:-1]`` and the
    event shape ``p.shape[-1:]``. Categories of probability zero are allowed.

    Args:
        p (~chainer.Variable or :ref:`ndarray`): the probabilities of the
            categories, of shape ``batch_shape + (K,)``, non-negative and
            summing to 1 along the last axis; float16, float32 or float64.

    Raises:
        TypeError: when ``p`` is not a floating-point array.
        ValueError: when ``p`` is a scalar.
    """

    def __init__(self, p):
        params, shape = _params.as_params("OneHotCategorical", {"p": p}, event_ndims={"p": 1})
        self.__p = params["p"]
        self.__batch_shape = shape
        self.__log_p = None

    @property
    def p(self):
        """~chainer.Variable: the probabilities, of shape ``batch_shape + (K,)``."""
        return self.__p

    @property
    def _log_p_finite(self):
        # log(p) where p > 0 and 0 where p == 0 (where it multiplies zeros)
        if self.__log_p is None:
            positive = _params.mask(self.p.array > 0)
            self.__log_p = log(where(positive, self.p, 1.0))
        return self.__log_p

    @property
    def log_p(self):
        """~chainer.Variable: :math:`\\log p` (``-inf`` for categories of probability 0)."""
        return where(_params.mask(self.p.array > 0), self._log_p_finite, -math.inf)

    @property
    def batch_shape(self):
        """tuple of int: ``p.shape[:-1]``."""
        return self.__batch_shape

    @property
    def event_shape(self):
        """tuple of int: ``(K,)``."""
        return self.p.shape[-1:]

    @property
    def params(self):
        """dict: ``{'p': p}``."""
        return {"p": self.p}

    @property
    def support(self):
        """str: ``'one-hot'`` (vectors of zeros with a single one)."""
        return "one-hot"

    @property
    def mean(self):
        """~chainer.Variable: :math:`p`, of shape ``batch_shape + (K,)``."""
        return self.p

    @property
    def mode(self):
        """~chainer.Variable: the one-hot vector of the most probable category.

        Not differentiable.
        """
        xp = self.xp
        k = self.p.shape[-1]
        eye = xp.eye(k, dtype=self.p.dtype)
        return chainer.Variable(eye[xp.argmax(self.p.array, axis=-1)], requires_grad=False)

    @property
    def variance(self):
        """~chainer.Variable: :math:`p (1 - p)`, of shape ``batch_shape + (K,)``."""
        return self.p * (1.0 - self.p)

    @property
    def stddev(self):
        """~chainer.Variable: :math:`\\sqrt{p (1 - p)}`, of shape ``batch_shape + (K,)``."""
        return self.variance**0.5

    @property
    def covariance(self):
        """~chainer.Variable: :math:`\\mathrm{diag}(p) - p p^\\top`.

        Its shape is ``batch_shape + (K, K)``.
        """
        p = self.p
        eye = self.xp.eye(p.shape[-1], dtype=p.dtype)
        outer = matmul(expand_dims(p, -1), expand_dims(p, -2))
        return expand_dims(p, -1) * eye - outer

    @property
    def entropy(self):
        """~chainer.Variable: :math:`-\\sum_k p_k \\log p_k`, of shape ``batch_shape``."""
        return -_sum(self.p * self._log_p_finite, axis=-1)

    def log_prob(self, x):
        """The log-probability :math:`\\sum_k x_k \\log p_k` of the one-hot vectors ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): one-hot vectors of shape
                ``sample_shape + batch_shape + (K,)`` (cast to the dtype of ``p``).

        Returns:
            ~chainer.Variable: the log-probabilities, of shape
            ``sample_shape + batch_shape``; ``-inf`` where ``x`` picks a
            category of probability zero.
        """
        x = _params.as_input(x, self.p.dtype)
        if x.ndim < 1 or x.shape[-1] != self.p.shape[-1]:
            raise ValueError(
                f"OneHotCategorical.log_prob: x must end with the event axis of "
                f"length K = {self.p.shape[-1]}; got the shape {x.shape}"
            )
        logp = _sum(x * self._log_p_finite, axis=-1)
        impossible = _params.mask(((x.array != 0) & (self.p.array == 0)).any(axis=-1))
        return where(impossible, -math.inf, logp)

    def sample_n(self, n):
        """Draws ``n`` one-hot samples (not reparameterizable; no gradient flows).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: one-hot vectors of shape
            ``(n,) + batch_shape + (K,)``, in the dtype of ``p``.
        """
        n = _params.check_n(n)
        xp = self.xp
        p = self.p.array.astype(xp.float64)
        cum = xp.cumsum(p, axis=-1)
        cum = cum / cum[..., -1:]
        u = xp.random.uniform(0.0, 1.0, (n,) + self.batch_shape + (1,))
        index = (u >= cum).sum(axis=-1)
        k = p.shape[-1]
        index = xp.minimum(index, k - 1)
        eye = xp.eye(k, dtype=self.p.dtype)
        return chainer.Variable(eye[index], requires_grad=False)


@distribution.register_kl(OneHotCategorical, OneHotCategorical)
def _kl_one_hot_categorical_one_hot_categorical(dist1, dist2):
    """KL(p1 || p2) = sum_k p1_k (log p1_k - log p2_k); ``inf`` where p2 misses p1's support."""
    terms = dist1.p * (dist1._log_p_finite - dist2._log_p_finite)
    kl = _sum(terms, axis=-1)
    impossible = _params.mask(((dist1.p.array > 0) & (dist2.p.array == 0)).any(axis=-1))
    return where(impossible, math.inf, kl)
