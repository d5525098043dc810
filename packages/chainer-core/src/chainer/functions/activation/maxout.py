"""maxout: the maximum over groups of ``pool_size`` consecutive channels."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_axis, check_float_input, integer
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


class Maxout(FunctionNode):
    """The maximum over consecutive groups of ``pool_size`` entries along ``axis``.

    Backward keeps the position of each maximum (the first one on ties).

    Args:
        pool_size (int): the group size (positive).
        axis (int): the axis that is grouped.
    """

    def __init__(self, pool_size, axis=1):
        self.pool_size = integer("maxout", "pool_size", pool_size)
        if self.pool_size <= 0:
            raise ValueError(f"maxout: pool_size must be positive, but {pool_size} was given")
        self.axis = integer("maxout", "axis", axis)

    def check_type_forward(self, in_types):
        check_float_input(in_types)
        check_axis(in_types, self.axis)
        shape = type_check.eval(in_types[0].shape)
        axis = self.axis % len(shape)
        if shape[axis] % self.pool_size != 0:
            raise type_check.InvalidType(
                "x.shape[axis] % pool_size == 0",
                f"x.shape[{axis}] == {shape[axis]}, pool_size == {self.pool_size}",
            )

    def _grouped_shape(self, shape):
        axis = self.axis % len(shape)
        p = self.pool_size
        return (*shape[:axis], shape[axis] // p, p, *shape[axis + 1 :]), axis + 1

    def forward(self, inputs):
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        grouped, pool_axis = self._grouped_shape(x.shape)
        xg = x.reshape(grouped)
        index = xp.expand_dims(xg.argmax(axis=pool_axis), pool_axis)
        self._index = index
        self._in_shape = x.shape
        return (xp.take_along_axis(xg, index, axis=pool_axis).squeeze(pool_axis),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        grouped, pool_axis = self._grouped_shape(self._in_shape)
        xp = chainer.backend.get_array_module(gy)
        positions = xp.arange(self.pool_size).reshape((-1,) + (1,) * (len(grouped) - pool_axis - 1))
        chosen = (positions == self._index).astype(gy.dtype)
        g = reshape(gy, tuple(1 if i == pool_axis else n for i, n in enumerate(grouped)))
        g = broadcast_to(g, grouped) * chosen
        return (reshape(g, self._in_shape),)


def maxout(x, pool_size, axis=1):
    """Maxout: the maximum over groups of ``pool_size`` consecutive entries along ``axis``.

    With ``x`` of shape ``(N, C, ...)`` and ``axis=1``, output channel ``i`` is the
    maximum of input channels ``i * pool_size`` to ``(i + 1) * pool_size - 1``.

    Args:
        x (Variable or array): a floating-point input whose length along ``axis``
            is a multiple of ``pool_size``.
        pool_size (int): the number of entries per group (positive).
        axis (int): the axis to group (negative counts from the end).

    Returns:
        Variable: the output, of ``x``'s dtype and shape except that its length
        along ``axis`` is divided by ``pool_size``.

    Raises:
        TypeError: if ``pool_size`` or ``axis`` is not an int.
        ValueError: if ``pool_size`` is not positive.
    """
    return Maxout(pool_size, axis).apply((x,))[0]
