"""sum: the sum of elements along axes."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Sum(FunctionNode):
    """Sums over ``axis`` (all axes when None)."""

    keepdims = False

    def __init__(self, axis=None, keepdims=False):
        if axis is None:
            self.axis = None
        elif isinstance(axis, int):
            self.axis = (axis,)
        elif isinstance(axis, tuple) and all(isinstance(a, int) for a in axis):
            if len(set(axis)) != len(axis):
                raise ValueError(f"sum: duplicate value in axis {axis}")
            self.axis = axis
        else:
            raise TypeError(f"sum: axis must be None, an int or a tuple of ints, not {axis!r}")
        self.keepdims = keepdims

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types[0].dtype.kind == "f")
        if self.axis is not None:
            for axis in self.axis:
                if axis >= 0:
                    type_check.expect(axis < in_types[0].ndim)
                else:
                    type_check.expect(-axis - 1 < in_types[0].ndim)

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        xp = chainer.backend.get_array_module(x)
        return (xp.asarray(x.sum(axis=self.axis, keepdims=self.keepdims)),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        ndim = len(self._in_shape)
        if not (ndim == 0 or self.axis is None or self.keepdims):
            axes = sorted(a % ndim for a in self.axis)
            shape = list(gy.shape)
            for a in axes:
                shape.insert(a, 1)
            gy = chainer.functions.reshape(gy, tuple(shape))
        elif self.axis is None and not self.keepdims:
            gy = chainer.functions.reshape(gy, (1,) * ndim)
        return (chainer.functions.broadcast_to(gy, self._in_shape),)


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Chainer's public name
    """Sum of array elements over ``axis``.

    Args:
        x (Variable or array): the input.
        axis (None, int or tuple of ints): the axes to sum over (all when None).
        keepdims (bool): keep the summed axes with length one.

    Returns:
        Variable: the sums.
    """
    return Sum(axis, keepdims).apply((x,))[0]
