"""group_normalization: normalization over groups of channels of each sample."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.normalization import _common
from chainer.utils import type_check


class GroupNormalization(FunctionNode):
    """``gamma * x_hat + beta``, ``x_hat`` standardized per sample and group of channels.

    The input ``(N, c, ...)`` is viewed as ``(N * groups, -1)``; each row is
    standardized with its own mean and biased variance, then gamma and beta
    ``(c,)`` scale and shift the channels.

    Args:
        groups (int): the number of channel groups (a divisor of ``c``).
        eps (float): added to the variances.

    After the forward, ``self.mean`` and ``self.inv_std`` hold the rows'
    statistics ``(N * groups, 1)`` in the compute dtype (float32 for float16).
    The backward is built from :class:`~chainer.functions.normalization._common.Standardize`,
    its gradient node and differentiable functions.
    """

    _func = "group_normalization"
    mean = None
    inv_std = None

    def __init__(self, groups, eps=1e-5):
        self.groups = _common.integer(self._func, "groups", groups, minimum=1)
        self.eps = _common.real(self._func, "eps", eps)

    @property
    def label(self):
        return "GroupNormalization"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "gamma", "beta"))
        x_type, gamma_type, beta_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            x_type.ndim >= 2,
            gamma_type.ndim == 1,
            beta_type.ndim == 1,
            gamma_type.dtype == x_type.dtype,
            beta_type.dtype == x_type.dtype,
            x_type.shape[1] == gamma_type.shape[0],
            beta_type.shape == gamma_type.shape,
        )

    def forward(self, inputs):
        x, gamma, beta = inputs
        n, c = x.shape[:2]
        if c % self.groups:
            raise ValueError(
                f"{self._func}: the number of channels {c} is not divisible by groups {self.groups}"
            )
        self.retain_inputs((0, 1))
        dtype = _common.compute_dtype(x.dtype)
        rows = x.reshape(n * self.groups, -1)
        y, self.mean, _, self.inv_std = _common.centered_and_inv_std(rows, (1,), self.eps, dtype)
        y *= self.inv_std
        y = y.reshape(n, c, -1)
        y *= gamma[:, None]
        y += beta[:, None]
        return (y.reshape(x.shape).astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, gamma = self.get_retained_inputs()
        (gy,) = grad_outputs
        n, c = x.shape[:2]
        dtype = _common.compute_dtype(x.dtype)
        rows = F.reshape(x, (n * self.groups, -1))
        std = _common.Standardize((1,), self.eps, self.mean, self.inv_std)
        xhat = F.reshape(std.apply((rows,))[0], (n, c, -1))
        gy3 = F.reshape(_common.cast(gy, dtype), (n, c, -1))
        ggamma = F.sum(gy3 * xhat, axis=(0, 2))
        gbeta = F.sum(gy3, axis=(0, 2))
        gxhat = gy3 * F.reshape(_common.cast(gamma, dtype), (1, c, 1))
        grad = _common.StandardizeGrad((1,), self.eps, self.mean, self.inv_std)
        gx = grad.apply((rows, F.reshape(gxhat, rows.shape)))[0]
        return (
            F.reshape(gx, x.shape),
            _common.cast(ggamma, gamma.dtype),
            _common.cast(gbeta, gamma.dtype),
        )


def group_normalization(x, groups, gamma, beta, eps=1e-5):
    """Group normalization: standardizes groups of channels per sample, then scales and shifts.

    The ``c`` channels of ``x`` ``(N, c, ...)`` are split into ``groups``
    consecutive groups; each sample's group is standardized with its own mean
    and biased variance (over its channels and all following axes), then
    ``y = gamma * x_hat + beta`` per channel.

    Args:
        x (Variable or array): the input ``(N, c, ...)``, floating point, at
            least two-dimensional.
        groups (int): the number of channel groups, a divisor of ``c``.
        gamma (Variable or array): the scale ``(c,)``, of ``x``'s dtype.
        beta (Variable or array): the shift ``(c,)``, of ``x``'s dtype.
        eps (float): added to the variances.

    Returns:
        Variable: the output, of ``x``'s shape and dtype (float16 inputs are
        normalized in float32).
    """
    return GroupNormalization(groups, eps).apply((x, gamma, beta))[0]
