"""Elementwise clipping of values to an interval."""

from __future__ import annotations

import math

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_bound(name, value):
    if value is None:
        return None
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(
        value, (int, float, numpy.integer, numpy.floating)
    ):
        raise TypeError(
            f"clip: {name} must be a real scalar (int or float) or None, "
            f"not {type(value).__module__}.{type(value).__name__}"
        )
    if math.isnan(value):
        raise ValueError(f"clip: {name} must not be NaN")
    return value


class Clip(FunctionNode):
    """Clips ``x`` to ``[x_min, x_max]``; the gradient is 1 inside and at the bounds, 0 outside.

    Either bound (but not both) may be None for no bound on that side.
    """

    def __init__(self, x_min, x_max):
        x_min = _check_bound("x_min", x_min)
        x_max = _check_bound("x_max", x_max)
        if x_min is None and x_max is None:
            raise ValueError("clip: x_min and x_max are both None; give at least one bound")
        if x_min is not None and x_max is not None and x_min >= x_max:
            raise ValueError(f"clip: x_min must be less than x_max, but {x_min} >= {x_max}")
        self.x_min = x_min
        self.x_max = x_max

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def _bounds(self, dtype):
        # Bounds as scalars of the input's dtype: NumPy 2 would otherwise
        # promote float16/float32 inputs to the dtype of a NumPy scalar bound.
        low = None if self.x_min is None else dtype.type(self.x_min)
        high = None if self.x_max is None else dtype.type(self.x_max)
        return low, high

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        low, high = self._bounds(x.dtype)
        if low is None:
            return (xp.minimum(x, high),)
        if high is None:
            return (xp.maximum(x, low),)
        return (xp.clip(x, low, high),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        data = x.array
        xp = chainer.backend.get_array_module(data)
        low, high = self._bounds(data.dtype)
        if low is None:
            inside = data <= high
        elif high is None:
            inside = data >= low
        else:
            inside = (data >= low) & (data <= high)
        mask = xp.asarray(inside).astype(data.dtype)
        return (grad_outputs[0] * mask,)


def clip(x, x_min, x_max):
    """Clips the elements of ``x`` to the interval ``[x_min, x_max]``.

    Elements below ``x_min`` become ``x_min`` and elements above ``x_max``
    become ``x_max``. The gradient is 1 for elements inside the interval,
    including its ends, and 0 outside.

    Args:
        x (Variable or array): a floating-point input.
        x_min (float or None): the lower bound; None for no lower bound.
        x_max (float or None): the upper bound, greater than ``x_min``; None
            for no upper bound. The bounds are rounded to ``x``'s dtype.

    Returns:
        Variable: the clipped values, same shape and dtype as ``x``.

    Raises:
        TypeError: if a bound is not a real scalar or None.
        ValueError: if both bounds are None, a bound is NaN, or
            ``x_min >= x_max``.
    """
    return Clip(x_min, x_max).apply((x,))[0]
