"""scale: multiplies a larger array by a smaller one broadcast over the other axes."""

from __future__ import annotations

import chainer
from chainer.functions.math.bias import _broadcast_along


def scale(x, y, axis=1):
    """Elementwise product of ``x`` and ``y`` broadcast along ``x``'s axes.

    ``y`` is matched with the axes ``axis, ..., axis + y.ndim - 1`` of ``x``
    and repeated along the others: with ``x`` of shape ``(2, 3, 4)``, ``y`` of
    shape ``(3,)`` and ``axis=1``, ``z[i, j, k] = x[i, j, k] * y[j]``.

    Args:
        x (Variable or array): the input, floating-point dtype.
        y (Variable or array): the scale; ``y.shape`` must equal
            ``x.shape[axis:axis + y.ndim]`` and its dtype that of ``x``.
        axis (int): the first axis of ``x`` that ``y`` lines up with
            (``0 <= axis <= x.ndim - y.ndim``).

    Returns:
        Variable: ``x * y`` broadcast, the shape and dtype of ``x``.
    """
    x = chainer.as_variable(x)
    y = chainer.as_variable(y)
    return x * _broadcast_along(x, y, axis, "scale")
