"""Elementwise sign (no gradient)."""

from __future__ import annotations

from chainer.functions.math._no_grad_elementwise import NoGradElementwise, apply_without_grad


class Sign(NoGradElementwise):
    """Elementwise ``sign(x)``."""

    _ufunc = "sign"


def sign(x):
    """Elementwise sign: -1 where ``x < 0``, 0 where ``x == 0``, 1 where ``x > 0``.

    NaN stays NaN. The result is not differentiable: it is a Variable outside
    the computational graph (no creator, ``requires_grad`` False), so
    gradients do not flow back through it.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: the signs, same shape and dtype as ``x``.
    """
    return apply_without_grad(Sign(), x)
