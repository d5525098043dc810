"""batch_renormalization and fixed_batch_renormalization."""

from __future__ import annotations

import warnings

import chainer
from chainer import configuration
from chainer.function_node import FunctionNode
from chainer.functions.normalization import _common
from chainer.functions.normalization.batch_normalization import (
    BatchNormalizationGrad,
    fixed_batch_normalization,
)
from chainer.utils import type_check


class BatchRenormalizationFunction(FunctionNode):
    """Batch renormalization: ``gamma * (x_hat * r + d) + beta``.

    ``x_hat`` is ``x`` normalized with the batch's statistics (over axis 0 and
    the axes after gamma's); with ``sigma = sqrt(var + eps)`` and ``running_sigma
    = sqrt(running_var + eps)``, ``r = clip(sigma / running_sigma, 1 / rmax,
    rmax)`` and ``d = clip((mean - running_mean) / running_sigma, -dmax, dmax)``
    are computed from the running statistics before they are updated and are
    constants for the gradient.

    Args:
        eps (float): added to the variances.
        mean, var (arrays): the running mean and variance.
        decay (float): the decay of the running averages.
        rmax, dmax (float): the clipping bounds of ``r`` and ``d``.
        update_statistics (bool): update ``mean`` and ``var`` in place (as
            :func:`batch_normalization` does, variance with Bessel's correction).

    The backward reuses :class:`BatchNormalizationGrad` with the scale
    ``gamma * r``.
    """

    def __init__(
        self, eps=2e-5, mean=None, var=None, decay=0.9, rmax=1, dmax=0, update_statistics=True
    ):
        func = "batch_renormalization"
        self.eps = _common.real(func, "eps", eps)
        self.decay = _common.real(func, "decay", decay)
        self.rmax = _common.real(func, "rmax", rmax)
        self.dmax = _common.real(func, "dmax", dmax)
        if self.rmax < 1:
            raise ValueError(f"{func}: rmax must be at least 1, not {self.rmax}")
        if self.dmax < 0:
            raise ValueError(f"{func}: dmax must be non-negative, not {self.dmax}")
        if mean is None or var is None:
            raise TypeError(f"{func}: running_mean and running_var are required")
        self._running_mean = mean
        self._running_var = var
        self.update_statistics = bool(update_statistics)
        self.r = None
        self.d = None
        self.mean = None
        self.inv_std = None

    @property
    def label(self):
        return "BatchRenormalization"

    def _warn_accessing_property(self):
        warnings.warn(
            "The running_mean and running_var attributes of BatchRenormalizationFunction "
            "are deprecated; pass update_statistics=True to batch_renormalization to "
            "update the running statistics in place.",
            DeprecationWarning,
            stacklevel=3,
        )

    @property
    def running_mean(self):
        """The running mean (deprecated attribute)."""
        self._warn_accessing_property()
        return self._running_mean

    @property
    def running_var(self):
        """The running variance (deprecated attribute)."""
        self._warn_accessing_property()
        return self._running_var

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "gamma", "beta"))
        x_type, gamma_type, beta_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            gamma_type.dtype.kind == "f",
            beta_type.dtype == gamma_type.dtype,
            beta_type.shape == gamma_type.shape,
            x_type.ndim >= gamma_type.ndim + 1,
        )
        gamma_ndim = type_check.eval(gamma_type.ndim)
        type_check.expect(x_type.shape[1 : 1 + gamma_ndim] == gamma_type.shape)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gamma, beta = inputs
        func = "batch_renormalization"
        _common.check_running(func, "running_mean", self._running_mean, x, gamma.shape)
        _common.check_running(func, "running_var", self._running_var, x, gamma.shape)
        xp = chainer.backend.get_array_module(x)
        self.axis, self.key_axis = _common.bn_axes(None, x.ndim, gamma.ndim)
        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)

        y, mean, var, inv_std = _common.centered_and_inv_std(x, self.axis, self.eps, dtype)
        self.mean = mean.reshape(gamma.shape)
        self.inv_std = inv_std.reshape(gamma.shape)
        var = var.reshape(gamma.shape)
        eps = dtype.type(self.eps)
        running_mean = self._running_mean.astype(dtype, copy=False)
        inv_running_sigma = xp.reciprocal(
            xp.sqrt(self._running_var.astype(dtype, copy=False) + eps)
        )
        self.r = xp.clip(
            xp.sqrt(var + eps) * inv_running_sigma, dtype.type(1 / self.rmax), dtype.type(self.rmax)
        )
        self.d = xp.clip(
            (self.mean - running_mean) * inv_running_sigma,
            dtype.type(-self.dmax),
            dtype.type(self.dmax),
        )
        gamma_c = gamma.astype(dtype, copy=False)
        y *= (gamma_c * self.r * self.inv_std).reshape(pshape)
        y += (gamma_c * self.d + beta).reshape(pshape)

        if self.update_statistics:
            m = _common.reduced_size(x.shape, self.axis)
            adjust = m / max(m - 1.0, 1.0)  # unbiased estimate of the variance
            _common.update_running(self._running_mean, self.mean, self.decay)
            _common.update_running(self._running_var, var * adjust, self.decay)
        return (y.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        r = self.r.astype(gamma.dtype, copy=False)
        d = self.d.astype(gamma.dtype, copy=False)
        grad = BatchNormalizationGrad(self.eps, self.axis, self.key_axis, self.mean, self.inv_std)
        gx, g_scale, gbeta = grad.apply((x, gamma * r, grad_outputs[0]))
        return gx, g_scale * r + gbeta * d, gbeta


def batch_renormalization(
    x,
    gamma,
    beta,
    rmax,
    dmax,
    eps=2e-5,
    running_mean=None,
    running_var=None,
    decay=0.9,
    update_statistics=False,
):
    """Batch renormalization: batch normalization corrected toward the running statistics.

    With the batch's ``mean`` and biased ``var`` over axis 0 and the axes
    after gamma's, ``sigma = sqrt(var + eps)`` and ``running_sigma =
    sqrt(running_var + eps)``::

        r = clip(sigma / running_sigma, 1 / rmax, rmax)
        d = clip((mean - running_mean) / running_sigma, -dmax, dmax)
        y = gamma * ((x - mean) / sigma * r + d) + beta

    ``r`` and ``d`` are treated as constants by the gradient.

    Args:
        x (Variable or array): the input, floating point, ``(N, *gamma.shape, ...)``.
        gamma (Variable or array): the scale.
        beta (Variable or array): the shift, of gamma's shape and dtype.
        rmax (float): the bound of ``r`` (at least 1).
        dmax (float): the bound of ``d`` (non-negative).
        eps (float): added to the variances.
        running_mean (array): the running mean, of gamma's shape (required).
        running_var (array): the running variance, of gamma's shape (required).
        decay (float): the decay of the running averages.
        update_statistics (bool): update ``running_mean`` and ``running_var``
            in place after computing ``r`` and ``d``, as
            :func:`batch_normalization` does (the variance with Bessel's
            correction ``m / (m - 1)``).

    Returns:
        Variable: the output, of ``x``'s shape and dtype.

    Raises:
        TypeError: when ``running_mean`` or ``running_var`` is missing.
    """
    if running_mean is None:
        raise TypeError("batch_renormalization: running_mean is required")
    if running_var is None:
        raise TypeError("batch_renormalization: running_var is required")
    node = BatchRenormalizationFunction(
        eps, running_mean, running_var, decay, rmax, dmax, update_statistics
    )
    return node.apply((x, gamma, beta))[0]


def fixed_batch_renormalization(x, gamma, beta, mean, var, eps=2e-5):
    """Batch renormalization in inference mode (deprecated).

    It equals :func:`fixed_batch_normalization`, which should be used instead.

    Args:
        x (Variable or array): the input.
        gamma, beta (Variable or array): the scale and the shift.
        mean, var (Variable or array): the statistics.
        eps (float): added to the variance.

    Returns:
        Variable: ``gamma * (x - mean) / sqrt(var + eps) + beta``.
    """
    warnings.warn(
        "fixed_batch_renormalization is deprecated; use fixed_batch_normalization instead.",
        DeprecationWarning,
        stacklevel=2,
    )
    with configuration.using_config("train", False):
        return fixed_batch_normalization(x, gamma, beta, mean, var, eps)
