"""Elementwise floor (no gradient)."""

from __future__ import annotations

from chainer.functions.math._no_grad_elementwise import NoGradElementwise, apply_without_grad


class Floor(NoGradElementwise):
    """Elementwise ``floor(x)``."""

    _ufunc = "floor"


def floor(x):
    """Elementwise floor, :math:`y_i = \\lfloor x_i \\rfloor`.

    The result is not differentiable: it is a Variable outside the
    computational graph (no creator, ``requires_grad`` False), so gradients
    do not flow back through it.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: the largest integers not greater than ``x``, same shape and
        dtype as ``x``.
    """
    return apply_without_grad(Floor(), x)
