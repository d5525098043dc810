"""Elementwise ceiling (no gradient)."""

from __future__ import annotations

from chainer.functions.math._no_grad_elementwise import NoGradElementwise, apply_without_grad


class Ceil(NoGradElementwise):
    """Elementwise ``ceil(x)``."""

    _ufunc = "ceil"


def ceil(x):
    """Elementwise ceiling, :math:`y_i = \\lceil x_i \\rceil`.

    The result is not differentiable: it is a Variable outside the
    computational graph (no creator, ``requires_grad`` False), so gradients
    do not flow back through it.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: the smallest integers not less than ``x``, same shape and
        dtype as ``x``.
    """
    return apply_without_grad(Ceil(), x)
