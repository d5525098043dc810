"""layer_normalization: normalization of each sample's units."""

from __future__ import annotations

from chainer.functions.normalization.group_normalization import GroupNormalization
from chainer.utils import type_check


class LayerNormalization(GroupNormalization):
    """``gamma * x_hat + beta`` with each row of ``x`` ``(N, units)`` standardized.

    Group normalization of a two-dimensional input with a single group.

    Args:
        eps (float): added to the variances.
    """

    _func = "layer_normalization"

    def __init__(self, eps=1e-5):
        super().__init__(1, eps)

    @property
    def label(self):
        return "LayerNormalization"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "gamma", "beta"))
        x_type, gamma_type, beta_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            x_type.ndim == 2,
            gamma_type.ndim == 1,
            beta_type.ndim == 1,
            gamma_type.dtype == x_type.dtype,
            beta_type.dtype == x_type.dtype,
            x_type.shape[1] == gamma_type.shape[0],
            beta_type.shape == gamma_type.shape,
        )


def layer_normalization(x, gamma, beta, eps=1e-5):
    """Layer normalization: standardizes each sample's units, then scales and shifts them.

    ``y[i] = gamma * (x[i] - mean(x[i])) / sqrt(var(x[i]) + eps) + beta`` with
    the biased variance.

    Args:
        x (Variable or array): the input ``(N, units)``, floating point (e.g.
            the output of a linear layer).
        gamma (Variable or array): the scale ``(units,)``, of ``x``'s dtype.
        beta (Variable or array): the shift ``(units,)``, of ``x``'s dtype.
        eps (float): added to the variances.

    Returns:
        Variable: the output, of ``x``'s shape and dtype (float16 inputs are
        normalized in float32).
    """
    return LayerNormalization(eps).apply((x, gamma, beta))[0]
