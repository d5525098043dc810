"""The categorical distribution."""

from __future__ import annotations

import numpy

import chainer
import chainer.functions as F
from chainer import backend, distribution, utils
from chainer.distributions import _params


def _xlogy(x, logy):
    """``x * logy`` with ``0 * log(0)`` taken as 0 (``x`` is a Variable)."""
    return x * F.where(utils.force_array(x.array != 0), logy, 0.0)


class Categorical(distribution.Distribution):
    """Categorical distribution over ``{0, 1, ..., K - 1}``.

    The probability mass function is :math:`P(x = i; p) = p_i`. The
    distribution is given by the probabilities ``p`` or by logits (``log p``
    up to an additive constant per batch element), not both.

    Args:
        p (~chainer.Variable or :ref:`ndarray`): the probabilities, of shape
            ``batch_shape + (K,)`` and a floating-point dtype; each row along
            the last axis sums to 1.
        logit (~chainer.Variable or :ref:`ndarray`): keyword only; the logits
            :math:`\\log p + C`, of shape ``batch_shape + (K,)``.

    Raises:
        ValueError: when both or neither of ``p`` and ``logit`` are given, or
            the parameter has no axis.
        TypeError: when the parameter is not a floating-point array, or an
            unknown keyword argument is given.
    """

    def __init__(self, p=None, **kwargs):
        super().__init__()
        logit = kwargs.pop("logit", None)
        if kwargs:
            raise TypeError(
                "Categorical got unexpected keyword argument(s): " + ", ".join(sorted(kwargs))
            )
        if (p is None) == (logit is None):
            raise ValueError("Categorical: give either `p` or `logit` (not both)")
        name, value = ("p", p) if p is not None else ("logit", logit)
        params, _ = _params.as_params("Categorical", {name: value}, {name: 1})
        self.__p = params.get("p")
        self.__logit = params.get("logit")

    @property
    def p(self):
        """~chainer.Variable: the probabilities, of shape ``batch_shape + (K,)``."""
        if self.__p is not None:
            return self.__p
        return F.softmax(self.__logit, axis=-1)

    @property
    def log_p(self):
        """~chainer.Variable: the log-probabilities, of shape ``batch_shape + (K,)``."""
        if self.__p is not None:
            return F.log(self.__p)
        return F.log_softmax(self.__logit, axis=-1)

    @property
    def _param(self):
        return self.__p if self.__p is not None else self.__logit

    @property
    def batch_shape(self):
        """tuple of int: the shape of the parameter without its last axis."""
        return self._param.shape[:-1]

    @property
    def event_shape(self):
        """tuple of int: ``()`` (an event is one index)."""
        return ()

    @property
    def params(self):
        """dict: ``{'p': p}``, as in Chainer."""
        return {"p": self.p}

    @property
    def xp(self):
        """module: the array module of the given parameter (:mod:`numpy` or :mod:`cupy`)."""
        return backend.get_array_module(self._param.array)

    @property
    def entropy(self):
        """~chainer.Variable: :math:`-\\sum_i p_i \\log p_i`, of shape ``batch_shape``."""
        return -F.sum(_xlogy(self.p, self.log_p), axis=-1)

    def log_prob(self, x):
        """Evaluates :math:`\\log p_x`.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): indices of shape
                ``sample_shape + batch_shape`` (integer arrays, or floating
                arrays holding integers).

        Returns:
            ~chainer.Variable: the log-probability, of the shape of ``x`` and
            the dtype of the parameter; ``-inf`` where ``x`` is not one of
            ``0, ..., K - 1``.
        """
        if isinstance(x, chainer.Variable):
            x = x.array
        xp = self.xp
        x = xp.asarray(x)
        log_p = self.log_p
        k = log_p.shape[-1]
        shape = numpy.broadcast_shapes(x.shape, self.batch_shape)
        valid = utils.force_array((x >= 0) & (x < k) & (x == xp.floor(x)))
        index = xp.where(valid, x, 0).astype(numpy.int32)
        index = xp.broadcast_to(index, shape).reshape(-1)
        table = F.reshape(F.broadcast_to(log_p, shape + (k,)), (-1, k))
        y = F.reshape(F.select_item(table, index), shape)
        return F.where(valid, y, -numpy.inf)

    def sample_n(self, n):
        """Draws ``n`` samples (not differentiable).

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: indices of shape ``(n,) + batch_shape`` (int32,
            the dtype of labels in Chainer).
        """
        n = _params.check_n(n)
        xp = self.xp
        p = self.p.array.astype(numpy.float64)
        cdf = xp.cumsum(p, axis=-1)
        cdf = cdf / cdf[..., -1:]
        u = xp.random.random_sample((n,) + self.batch_shape + (1,))
        index = (u >= cdf).sum(axis=-1)
        index = xp.minimum(index, p.shape[-1] - 1)
        return chainer.as_variable(index.astype(numpy.int32))


@distribution.register_kl(Categorical, Categorical)
def _kl_categorical_categorical(dist1, dist2):
    """:math:`\\sum_i p_i (\\log p_i - \\log q_i)` over the last axis."""
    return F.sum(_xlogy(dist1.p, dist1.log_p - dist2.log_p), axis=-1)
