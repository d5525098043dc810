"""tile: repeats the whole array along each axis."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


class Tile(FunctionNode):
    """Repeats the input ``reps[i]`` times along axis ``i`` (``numpy.tile`` rules)."""

    def __init__(self, reps):
        if _is_int(reps):
            reps = (int(reps),)
        elif isinstance(reps, (tuple, list)) and all(_is_int(r) for r in reps):
            reps = tuple(int(r) for r in reps)
        else:
            raise TypeError(f"tile: reps must be an int or a tuple of ints, not {reps!r}")
        if any(r < 0 for r in reps):
            raise ValueError(f"tile: every element of reps must be zero or larger, got {reps}")
        self.reps = reps

    @property
    def label(self):
        return "Tile"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        xp = chainer.backend.get_array_module(x)
        return (xp.tile(x, self.reps),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        in_shape = self._in_shape
        ndim = max(len(in_shape), len(self.reps))
        shape = (1,) * (ndim - len(in_shape)) + tuple(in_shape)
        reps = (1,) * (ndim - len(self.reps)) + self.reps
        # Output axis i holds reps[i] copies of length shape[i]: split it in two
        # axes and sum over the copies.
        split = []
        for r, s in zip(reps, shape):
            split += [r, s]
        gx = reshape(gy, tuple(split))
        gx = chainer.functions.sum(gx, axis=tuple(range(0, 2 * ndim, 2)))
        return (reshape(gx, in_shape),)


def tile(x, reps):
    """Constructs an array by repeating ``x`` the number of times given by ``reps``.

    Same rules as ``numpy.tile``: when ``reps`` is longer than ``x.ndim``,
    ``x`` gets leading axes of length one; when shorter, ``reps`` gets leading
    ones.

    Args:
        x (Variable or array): the input, of shape ``(s_1, ..., s_n)``.
        reps (int or tuple of ints): the repetitions along each axis (zero or more).

    Returns:
        Variable: the tiled variable, of shape ``(s_1 * r_1, ..., s_n * r_n)``
        after the padding above, and the dtype of ``x``.
    """
    return Tile(reps).apply((x,))[0]
