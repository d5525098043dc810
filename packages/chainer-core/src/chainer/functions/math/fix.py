"""Elementwise rounding toward zero (no gradient)."""

from __future__ import annotations

from chainer.functions.math._no_grad_elementwise import NoGradElementwise, apply_without_grad


class Fix(NoGradElementwise):
    """Elementwise ``fix(x)``."""

    _ufunc = "fix"


def fix(x):
    """Elementwise rounding toward zero (truncation of the fractional part).

    The result is not differentiable: it is a Variable outside the
    computational graph (no creator, ``requires_grad`` False), so gradients
    do not flow back through it.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``floor(x)`` where ``x >= 0`` and ``ceil(x)`` elsewhere,
        same shape and dtype as ``x``.
    """
    return apply_without_grad(Fix(), x)
