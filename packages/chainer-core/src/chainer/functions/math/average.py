"""average and mean, composed from sum, broadcasting and arithmetic."""

from __future__ import annotations

import chainer


def _normalize_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(a % ndim for a in axis)


def average(x, axis=None, weights=None, keepdims=False):
    """Weighted average along ``axis`` (the mean when ``weights`` is None).

    Args:
        x (Variable or array): a floating-point input.
        axis (None, int or tuple of ints): the axes to average over.
        weights (Variable or array): weights; either of ``x``'s shape, or 1-D
            with the length of the single ``axis``.
        keepdims (bool): keep the averaged axes with length one.

    Returns:
        Variable: the averages.
    """
    x = chainer.as_variable(x)
    axes = _normalize_axis(axis, x.ndim)
    if weights is None:
        count = 1
        for a in axes:
            count *= x.shape[a]
        total = chainer.functions.sum(x, axis=axis, keepdims=keepdims)
        return total * x.dtype.type(1.0 / count if count else float("nan"))
    weights = chainer.as_variable(weights)
    if weights.shape != x.shape:
        if len(axes) != 1 or weights.ndim != 1 or weights.shape[0] != x.shape[axes[0]]:
            raise ValueError(
                f"average: weights of shape {weights.shape} must match x's shape {x.shape} "
                "or be 1-D along the single averaged axis"
            )
        shape = [1] * x.ndim
        shape[axes[0]] = weights.shape[0]
        weights = chainer.functions.broadcast_to(
            chainer.functions.reshape(weights, tuple(shape)), x.shape
        )
    weighted = chainer.functions.sum(x * weights, axis=axis, keepdims=keepdims)
    total_weight = chainer.functions.sum(weights, axis=axis, keepdims=keepdims)
    return weighted / total_weight


def mean(x, axis=None, weights=None, keepdims=False):
    """The same as :func:`average`."""
    return average(x, axis=axis, weights=weights, keepdims=keepdims)
