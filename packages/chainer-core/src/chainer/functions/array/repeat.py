"""repeat: repeats each element along an axis."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import _scatter_add
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def _normalize_repeats(repeats):
    if _is_int(repeats):
        repeats = (int(repeats),)
    elif isinstance(repeats, (tuple, list)) and all(_is_int(r) for r in repeats):
        repeats = tuple(int(r) for r in repeats)
    else:
        raise TypeError(f"repeat: repeats must be an int or a tuple of ints, not {repeats!r}")
    if not repeats:
        raise ValueError("repeat: repeats must not be empty")
    if any(r < 0 for r in repeats):
        raise ValueError(f"repeat: repeats must be zero or larger, got {repeats}")
    return repeats


class Repeat(FunctionNode):
    """Repeats each element ``repeats[i]`` times along ``axis`` (of the flattened input if None)."""

    def __init__(self, repeats, axis=None):
        self.repeats = _normalize_repeats(repeats)
        if axis is not None and not _is_int(axis):
            raise TypeError(f"repeat: axis must be None or an int, not {axis!r}")
        self.axis = None if axis is None else int(axis)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        if self.axis is not None:
            if self.axis >= 0:
                type_check.expect(x_type.ndim > self.axis)
            else:
                type_check.expect(x_type.ndim >= -self.axis)
        if len(self.repeats) > 1:
            length = x_type.size if self.axis is None else x_type.shape[self.axis]
            what = "x.size" if self.axis is None else f"x.shape[{self.axis}]"
            n = type_check.eval(length)
            if n != len(self.repeats):
                raise ValueError(
                    f"repeat: repeats has {len(self.repeats)} entries but {what} == {n}; "
                    "give one int or one per element"
                )

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        xp = chainer.backend.get_array_module(x)
        repeats = self.repeats[0] if len(self.repeats) == 1 else list(self.repeats)
        return (xp.repeat(x, repeats, self.axis),)

    def backward(self, indexes, grad_outputs):
        return RepeatGrad(self.repeats, self.axis, self._in_shape, self._in_dtype).apply(
            grad_outputs
        )


class RepeatGrad(FunctionNode):
    """Sums each run of repeated elements back into one (the gradient of repeat)."""

    def __init__(self, repeats, axis, in_shape, in_dtype):
        self.repeats = repeats
        self.axis = axis
        self.in_shape = in_shape
        self.in_dtype = in_dtype

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        if self.axis is None:
            gy = gy.reshape(-1)
            n = int(numpy.prod(self.in_shape))
            rest = ()
            axis = 0
        else:
            axis = self.axis % len(self.in_shape)
            n = self.in_shape[axis]
            gy = xp.moveaxis(gy, axis, 0)
            rest = gy.shape[1:]
        if len(self.repeats) == 1:
            r = self.repeats[0]
            if r == 0:
                gx = xp.zeros((n,) + rest, self.in_dtype)
            else:
                gx = gy.reshape((n, r) + rest).sum(axis=1)
        else:
            segments = numpy.repeat(numpy.arange(n), self.repeats)
            gx = xp.zeros((n,) + rest, self.in_dtype)
            _scatter_add(xp, gx, (xp.asarray(segments),), gy)
        if self.axis is None:
            return (gx.reshape(self.in_shape),)
        return (xp.ascontiguousarray(xp.moveaxis(gx, 0, axis)),)

    def backward(self, indexes, grad_outputs):
        return Repeat(self.repeats, self.axis).apply(grad_outputs)


def repeat(x, repeats, axis=None):
    """Repeats the elements of ``x``, as ``numpy.repeat`` does.

    Args:
        x (Variable or array): the input.
        repeats (int or tuple of ints): how often to repeat each element:
            one count for all, or one per element along ``axis``; each >= 0.
        axis (int or None): the axis along which to repeat; None repeats the
            elements of the flattened input and returns a 1-d result.

    Returns:
        Variable: the repeated variable, same dtype as ``x``.
    """
    return Repeat(repeats, axis).apply((x,))[0]
