"""bias: adds a smaller array to a block of axes of a larger one, broadcast over the rest."""

from __future__ import annotations

import numbers

import chainer


def _broadcast_along(x, y, axis, name):
    """``y`` reshaped and broadcast so that it lines up with ``x.shape[axis:axis + y.ndim]``.

    Raises TypeError / ValueError, naming ``name`` (the public function), for
    a bad ``axis``, a shape that does not line up, or a dtype that differs.
    """
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{name}: axis must be an int, not {type(axis).__name__}")
    axis = int(axis)
    if not 0 <= axis <= x.ndim - y.ndim:
        raise ValueError(
            f"{name}: axis must be in [0, x.ndim - y.ndim] = [0, {x.ndim - y.ndim}] "
            f"(x.shape == {x.shape}, y.shape == {y.shape}), got {axis}"
        )
    block = x.shape[axis : axis + y.ndim]
    if block != y.shape:
        raise ValueError(
            f"{name}: y.shape must equal x.shape[{axis}:{axis + y.ndim}] == {block}, got {y.shape}"
        )
    if x.dtype != y.dtype:
        raise TypeError(f"{name}: x and y must have one dtype, got {x.dtype} and {y.dtype}")
    shape = (1,) * axis + y.shape + (1,) * (x.ndim - axis - y.ndim)
    y = chainer.functions.reshape(y, shape)
    return chainer.functions.broadcast_to(y, x.shape)


def bias(x, y, axis=1):
    """Elementwise sum of ``x`` and ``y`` broadcast along ``x``'s axes.

    ``y`` is matched with the axes ``axis, ..., axis + y.ndim - 1`` of ``x``
    and repeated along the others: with ``x`` of shape ``(2, 3, 4)``, ``y`` of
    shape ``(3,)`` and ``axis=1``, ``z[i, j, k] = x[i, j, k] + y[j]``.

    Args:
        x (Variable or array): the input, floating-point dtype.
        y (Variable or array): the bias; ``y.shape`` must equal
            ``x.shape[axis:axis + y.ndim]`` and its dtype that of ``x``.
        axis (int): the first axis of ``x`` that ``y`` lines up with
            (``0 <= axis <= x.ndim - y.ndim``).

    Returns:
        Variable: ``x + y`` broadcast, the shape and dtype of ``x``.
    """
    x = chainer.as_variable(x)
    y = chainer.as_variable(y)
    return x + _broadcast_along(x, y, axis, "bias")
