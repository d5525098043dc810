"""diagonal: extracts diagonals along two axes."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, numpy.integer)):
        raise TypeError(f"diagonal: {name} must be an int, not {value!r}")
    return int(value)


class Diagonal(FunctionNode):
    """Takes the diagonal of the 2-d subarrays spanned by ``axis1`` and ``axis2``."""

    def __init__(self, offset, axis1, axis2):
        self.offset = _check_int(offset, "offset")
        self.axis1 = _check_int(axis1, "axis1")
        self.axis2 = _check_int(axis2, "axis2")

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.ndim >= 2)
        type_check.expect(
            max(self.axis1, self.axis2) < x_type.ndim,
            -x_type.ndim <= min(self.axis1, self.axis2),
        )
        ndim = type_check.eval(x_type.ndim)
        if self.axis1 % ndim == self.axis2 % ndim:
            raise ValueError(
                f"diagonal: axis1 ({self.axis1}) and axis2 ({self.axis2}) name the same axis "
                f"of x (x.ndim == {ndim})"
            )

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        y = x.diagonal(offset=self.offset, axis1=self.axis1, axis2=self.axis2)
        # NumPy's diagonal is a read-only view; outputs are writable arrays.
        return (y.copy(),)

    def backward(self, indexes, grad_outputs):
        return DiagonalGrad(
            self.offset, self.axis1, self.axis2, self._in_shape, self._in_dtype
        ).apply(grad_outputs)


class DiagonalGrad(FunctionNode):
    """Writes the input onto the diagonal of zeros of ``shape`` (the gradient of diagonal)."""

    def __init__(self, offset, axis1, axis2, shape, dtype):
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2
        self.shape = shape
        self.dtype = dtype

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        gx = xp.zeros(self.shape, self.dtype)
        # With the two axes last, the diagonal is at [..., i + row0, i + col0].
        planes = xp.moveaxis(gx, (self.axis1, self.axis2), (-2, -1))
        i = xp.arange(gy.shape[-1])
        planes[..., i + max(-self.offset, 0), i + max(self.offset, 0)] = gy
        return (gx,)

    def backward(self, indexes, grad_outputs):
        return Diagonal(self.offset, self.axis1, self.axis2).apply(grad_outputs)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """Takes diagonals of ``x``, as ``numpy.diagonal`` does.

    Args:
        x (Variable or array): the input, at least 2-d.
        offset (int): the diagonal's offset from the main one; positive means
            above it (towards larger ``axis2`` indexes), negative below.
        axis1 (int): the first axis of the 2-d planes (rows).
        axis2 (int): the second axis of the 2-d planes (columns).

    Returns:
        Variable: the diagonals; ``axis1`` and ``axis2`` are removed and the
        diagonal becomes the last axis. Same dtype as ``x``.
    """
    return Diagonal(offset, axis1, axis2).apply((x,))[0]
