"""The Dirichlet distribution."""

from __future__ import annotations

import numpy

import chainer
import chainer.functions as F
from chainer import distribution, utils
from chainer.distributions import _params


def _lbeta(alpha):
    """Multivariate :math:`\\log B(\\alpha)`.

    :math:`\\sum_i \\log\\Gamma(\\alpha_i) - \\log\\Gamma(\\sum_i \\alpha_i)`.
    """
    return F.sum(F.lgamma(alpha), axis=-1) - F.lgamma(F.sum(alpha, axis=-1))


class Dirichlet(distribution.Distribution):
    """Dirichlet distribution on the probability simplex of ``K`` components.

    The probability density function is

    .. math::
        f(x; \\alpha) = \\frac{\\Gamma(\\sum_{i=1}^K \\alpha_i)}{\\prod_{i=1}^K \\Gamma(\\alpha_i)}
            \\prod_{i=1}^K x_i^{\\alpha_i - 1}

    for :math:`x_i \\ge 0`, :math:`\\sum_i x_i = 1`.

    Args:
        alpha (~chainer.Variable or :ref:`ndarray`): the concentrations
            :math:`\\alpha_i > 0`, a floating-point array of shape
            ``batch_shape + (K,)``.

    Raises:
        TypeError: when ``alpha`` is not a floating-point array.
        ValueError: when ``alpha`` has no axis.
    """

    def __init__(self, alpha):
        super().__init__()
        params, _ = _params.as_params("Dirichlet", {"alpha": alpha}, {"alpha": 1})
        self.__alpha = params["alpha"]

    @property
    def alpha(self):
        """~chainer.Variable: the concentrations, of shape ``batch_shape + (K,)``."""
        return self.__alpha

    @property
    def alpha0(self):
        """~chainer.Variable: :math:`\\sum_i \\alpha_i`, of shape ``batch_shape``."""
        return F.sum(self.__alpha, axis=-1)

    @property
    def batch_shape(self):
        """tuple of int: the shape of ``alpha`` without its last axis."""
        return self.__alpha.shape[:-1]

    @property
    def event_shape(self):
        """tuple of int: ``(K,)``."""
        return self.__alpha.shape[-1:]

    @property
    def params(self):
        """dict: ``{'alpha': alpha}``."""
        return {"alpha": self.__alpha}

    @property
    def support(self):
        """str: ``'[0, 1]'`` (each component; the components sum to 1)."""
        return "[0, 1]"

    @property
    def mean(self):
        """~chainer.Variable: :math:`\\alpha_i / \\alpha_0`, of shape ``batch_shape + (K,)``."""
        return self.__alpha / F.expand_dims(self.alpha0, -1)

    @property
    def variance(self):
        """~chainer.Variable: the variances of the components.

        :math:`\\alpha_i(\\alpha_0 - \\alpha_i) / \\{\\alpha_0^2(\\alpha_0 + 1)\\}`, of shape
        ``batch_shape + (K,)``: the diagonal of the covariance.
        """
        alpha0 = F.expand_dims(self.alpha0, -1)
        return self.__alpha * (alpha0 - self.__alpha) / (alpha0 * alpha0 * (alpha0 + 1))

    @property
    def entropy(self):
        """~chainer.Variable: the entropy, of shape ``batch_shape``.

        :math:`\\log B(\\alpha) + (\\alpha_0 - K)\\psi(\\alpha_0)
        - \\sum_i (\\alpha_i - 1)\\psi(\\alpha_i)`.
        """
        alpha = self.__alpha
        alpha0 = self.alpha0
        k = alpha.shape[-1]
        return (
            _lbeta(alpha)
            + (alpha0 - k) * F.digamma(alpha0)
            - F.sum((alpha - 1) * F.digamma(alpha), axis=-1)
        )

    def log_prob(self, x):
        """Evaluates the log-density at ``x``.

        Args:
            x (~chainer.Variable or :ref:`ndarray`): points of shape
                ``sample_shape + batch_shape + (K,)``. That the components sum
                to 1 is not checked.

        Returns:
            ~chainer.Variable: the log-density, of shape
            ``sample_shape + batch_shape``; ``-inf`` where a component is
            negative.
        """
        x = _params.as_input(x, self.__alpha.dtype)
        nonneg = utils.force_array(x.array >= 0)
        x_safe = F.where(nonneg, x, 1.0)
        logp = F.sum((self.__alpha - 1) * F.log(x_safe), axis=-1) - _lbeta(self.__alpha)
        return F.where(utils.force_array(nonneg.all(axis=-1)), logp, -numpy.inf)

    def sample_n(self, n):
        """Draws ``n`` samples (not differentiable).

        Normalized independent gamma variates.

        Args:
            n (int): the number of samples.

        Returns:
            ~chainer.Variable: samples of shape ``(n,) + batch_shape + (K,)``
            in the dtype of ``alpha``.
        """
        n = _params.check_n(n)
        alpha = self.__alpha.array
        g = self.xp.random.standard_gamma(alpha, size=(n,) + alpha.shape)
        eps = g / g.sum(axis=-1, keepdims=True)
        return chainer.as_variable(eps.astype(alpha.dtype, copy=False))


@distribution.register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(dist1, dist2):
    """Closed form of ``KL(Dir(alpha1) || Dir(alpha2))``."""
    alpha1, alpha2 = dist1.alpha, dist2.alpha
    psi0 = F.expand_dims(F.digamma(dist1.alpha0), -1)
    return (
        _lbeta(alpha2)
        - _lbeta(alpha1)
        + F.sum((alpha1 - alpha2) * (F.digamma(alpha1) - psi0), axis=-1)
    )
