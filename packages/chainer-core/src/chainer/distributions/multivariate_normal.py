"""The multivariate normal distribution, parameterized by a Cholesky factor."""

from __future__ import annotations

import math

import chainer
from chainer import distribution
from chainer.distributions import _params
from chainer.functions.array.diagonal import diagonal
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.array.reshape import reshape
from chainer.functions.math.basic_math import absolute
from chainer.functions.math.exponential import log
from chainer.functions.math.inv import batch_inv
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sum import sum as _sum

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _log_det(tril):
    """log|det L| of lower-triangular matrices ``(..., d, d)``: the sum of log|diag|."""
    return _sum(log(absolute(diagonal(tril, axis1=-2, axis2=-1))), axis=-1)


def _tril_inv(tril):
    """The inverses of lower-triangular matrices ``(..., d, d)`` (lower-triangular)."""
    d = tril.shape[-1]
    inv = batch_inv(reshape(tril, (-1, d, d)))
    inv = reshape(inv, tril.shape)
    mask = tril.xp.tril(tril.xp.ones((d, d), dtype=tril.dtype))
    return inv * mask


def _matvec(a, v):
    """``a @ v`` for matrices ``(..., d, d)`` and vectors ``(..., d)``, broadcasting."""
    return matmul(a, expand_dims(v, -1))[..., 0]


class MultivariateNormal(distribution.Distribution):
    """Multivariate normal distribution :math:`N(\\mu, L L^\\top)`.

    The density is

    .. math::
        p(x; \\mu, L) = \\frac{1}{(2 \\pi)^{d/2} |\\det L|}
            \\exp\\left(-\\frac12 \\| L^{-1} (x - \\mu) \\|^2\\right).

    The covariance is given by its Cholesky factor ``scale_tril``, a
    lower-triangular matrix :math:`L` with a non-zero diagonal; its upper
    triangle is ignored (treated as zero, with zero gradient). The batch
    shapes (``loc.shape[:-1]`` and ``scale_tril.shape[:-2]``) broadcast
    together; the event shape is ``(d,)``.

    Args:
        loc (~chainer.Variable or :ref:`ndarray`): the mean :math:`\\mu`, of
            shape ``batch_shape + (d,)``; float16, float32 or float64.
        scale_tril (~chainer.Variable or :ref:`ndarray`): :math:`L`, of shape
            ``batch_shape + (d, d)`` and the dtype of ``loc``; given by keyword.

    Raises:
        ValueError: when ``scale_tril`` is missing, ``loc`` is a scalar, the
            last axes of ``scale_tril`` are not ``(d, d)``, or the batch shapes
            do not broadcast.
        TypeError: for an unknown keyword argument, or parameters that are
            not floating-point arrays of one dtype.
    """

    def __init__(self, loc, **kwargs):
        scale_tril = kwargs.pop("scale_tril", None)
        if kwargs:
            raise TypeError(
                f"MultivariateNormal got unexpected keyword argument(s) {', '.join(sorted(kwargs))}"
            )
        if scale_tril is None:
            raise ValueError("MultivariateNormal: scale_tril must be given")
        params, shape = _params.as_params(
            "MultivariateNormal",
            {"loc": loc, "scale_tril": scale_tril},
            event_ndims={"loc": 1, "scale_tril": 2},
        )
        loc, scale_tril = params["loc"], params["scale_tril"]
        d = loc.shape[-1]
        if scale_tril.shape[-2:] != (d, d):
            raise ValueError(
                "MultivariateNormal: scale_tril must end with the axes (d, d) = "
                f"({d}, {d}) where d = loc.shape[-1]; got the shape {scale_tril.shape}"
            )
        self.__loc = loc
        self.__scale_tril = scale_tril
        self.__batch_shape = shape
        self.__tril = None
        self.__tril_inv = None
        self.__log_det = None

    @property
    def loc(self):
        """~chainer.Variable: the mean :math:`\\mu`, of shape ``batch_shape + (d,)``."""
        return self.__loc

    @property
    def scale_tril(self):
        """~chainer.Variable: the Cholesky factor :math:`L`, of shape ``batch_shape + (d, d)``."""
        return self.__scale_tril

    @property
    def d(self):
        """int: the dimension :math:`d` of the events."""
        return self.__loc.shape[-1]

    @property
    def _tril(self):
        # L with its upper triangle zeroed, so that it takes no part
        if self.__tril is None:
            xp = self.__scale_tril.xp
            mask = xp.tril(xp.ones((self.d, self.d), dtype=self.__scale_tril.dtype))
            self.__tril = self.__scale_tril * mask
        return self.__tril

    @property
    def _tril_inv(self):
        if self.__tril_inv is None:
            self.__tril_inv = _tril_inv(self._tril)
        return self.__tril_inv

    @property
    def _log_det(self):
        if self.__log_det is None:
            self.__log_det = _log_det(self._tril)
        return self.__log_det

    @property
    def batch_shape(self):
        """tuple of int: the broadcast batch shape of the parameters."""
        return self.__batch_shape

    @property
    def event_shape(self):
        """tuple of int: ``(d,)``."""
        return (self.d,)

    @property
    def params(self):
        """dict: ``{'loc': loc, 'scale_tril': scale_tril}``."""
        return {"loc": self.loc, "scale_tril": self.scale_tril}

    @property
    def support(self):
        """str: ``'real'``."""
        return "real"

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\mu`, of shape ``batch_shape + (d,)``."""
        return self.loc

    @property
    def mode(self):
        """~chainer.Variable: :math:`\\mu`, of shape ``batch_shape + (d,)``."""
        return self.loc

    @property
    def covariance(self):
        """~chainer.Variable: :math:`L L^\\top`, of shape ``batch_shape + (d, d)``."""
        return matmul(self._tril, self._tril, transb=True)

    @property
    def variance(self):
        """~chainer.Variable: the diagonal of :attr:`covariance`, shape ``batch_shape + (d,)``."""
        return _sum(self._tril**2, axis=-1)

    @property
    def stddev(self):
        """~chainer.Variable: the square root of :attr:`variance`."""
        return self.variance**0.5

    @property
    def entropy(self):
        """~chainer.Variable: :math:`\\log |\\det L| + \\frac{d}{2} \\log(2 \\pi e)`.

        Its shape is ``batch_shape``.
        """
        return self._log_det + self.d * (_HALF_LOG_2PI + 0.5)

    def log_prob(self, x):
        """The log-density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + (d,)``.

        Returns:
            ~chainer.Variable: the log-density, of shape ``sample_shape + batch_shape``.
        """
        x = _params.as_input(x, self.loc.dtype)
        if x.ndim < 1 or x.shape[-1] != self.d:
            raise ValueError(
                f"MultivariateNormal.log_prob: x must end with the event axis of "
                f"length d = {self.d}; got the shape {x.shape}"
            )
        z = _matvec(self._tril_inv, x - self.loc)
        return -0.5 * _sum(z**2, axis=-1) - self._log_det - self.d * _HALF_LOG_2PI

    def sample_n(self, n):
        """Draws ``n`` reparameterized samples ``loc + L @ eps``.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape + (d,)``,
            of the dtype of the parameters, differentiable w.r.t. them.
        """
        n = _params.check_n(n)
        shape = (n,) + self.batch_shape + (self.d,)
        eps = _params.standard_normal(self.xp, shape, self.loc.dtype)
        return self.loc + _matvec(self._tril, chainer.as_variable(eps))


@distribution.register_kl(MultivariateNormal, MultivariateNormal)
def _kl_multivariate_normal_multivariate_normal(dist1, dist2):
    """KL(N(m1, L1 L1^T) || N(m2, L2 L2^T)), of the broadcast batch shape."""
    if dist1.d != dist2.d:
        raise ValueError(
            "kl_divergence: the MultivariateNormal distributions have different "
            f"event shapes ({dist1.d},) and ({dist2.d},)"
        )
    inv2 = dist2._tril_inv
    trace = _sum(matmul(inv2, dist1._tril) ** 2, axis=(-2, -1))
    mahalanobis = _sum(_matvec(inv2, dist2.loc - dist1.loc) ** 2, axis=-1)
    return dist2._log_det - dist1._log_det + 0.5 * (trace + mahalanobis - dist1.d)
