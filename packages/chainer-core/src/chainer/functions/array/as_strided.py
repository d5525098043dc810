"""as_strided: a strided view of the input's elements (shape, strides and offset in elements)."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import _scatter_add
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def _index_range(shape, strides, offset):
    """The smallest and largest flat index the strided view reads (None for an empty view)."""
    if any(n == 0 for n in shape):
        return None
    low = high = offset
    for n, s in zip(shape, strides):
        if s < 0:
            low += (n - 1) * s
        else:
            high += (n - 1) * s
    return low, high


def _may_overlap(shape, strides):
    """Whether two positions of the view may read the same element (conservative)."""
    reach = 0
    for stride, n in sorted((abs(s), n) for s, n in zip(strides, shape) if n > 1):
        if stride <= reach:
            return True
        reach += stride * (n - 1)
    return False


def _flat_indices(xp, shape, strides, offset):
    """Flat (C-order) index of the element each position of the view reads."""
    index = xp.full(shape, offset, dtype=numpy.int64)
    for axis, (n, s) in enumerate(zip(shape, strides)):
        step = xp.arange(n, dtype=numpy.int64) * s
        index += step.reshape((n,) + (1,) * (len(shape) - axis - 1))
    return index


class AsStrided(FunctionNode):
    """``y[i_1, ..., i_k] = x.ravel()[offset + sum(i_j * strides[j])]``."""

    def __init__(self, shape, strides, storage_offset=0):
        self.shape = shape
        self.strides = strides
        self.storage_offset = storage_offset
        self._range = _index_range(shape, strides, storage_offset)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        if self._range is not None:
            type_check.expect(in_types[0].size > self._range[1])

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        xp = chainer.backend.get_array_module(x)
        index = _flat_indices(xp, self.shape, self.strides, self.storage_offset)
        return (xp.asarray(x.reshape(-1)[index]),)

    def backward(self, indexes, grad_outputs):
        return AsStridedGrad(
            self.shape, self.strides, self.storage_offset, self._in_shape, self._in_dtype
        ).apply(grad_outputs)


class AsStridedGrad(FunctionNode):
    """Adds each input element into the position it was read from (the gradient of as_strided).

    Elements the view read several times receive the sum of their gradients.
    """

    def __init__(self, shape, strides, storage_offset, in_shape, in_dtype):
        self.shape = shape
        self.strides = strides
        self.storage_offset = storage_offset
        self.in_shape = in_shape
        self.in_dtype = in_dtype

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        size = int(numpy.prod(self.in_shape))
        gx = xp.zeros(size, self.in_dtype)
        index = _flat_indices(xp, self.shape, self.strides, self.storage_offset)
        if _may_overlap(self.shape, self.strides):
            _scatter_add(xp, gx, index, gy)
        else:
            gx[index] = gy
        return (gx.reshape(self.in_shape),)

    def backward(self, indexes, grad_outputs):
        return AsStrided(self.shape, self.strides, self.storage_offset).apply(grad_outputs)


def as_strided(x, shape, strides, storage_offset=None):
    """Reads the elements of ``x`` through a view of the given shape and strides.

    ``x``'s elements are taken in C order as one flat buffer ``b``; output
    position ``(i_1, ..., i_k)`` holds
    ``b[storage_offset + i_1 * strides[0] + ... + i_k * strides[k - 1]]``.
    Strides and offset count elements, not bytes, and may read an element
    several times (the gradient then sums over those reads); negative strides
    are allowed. Every position read must lie inside ``x``.

    Unlike Chainer v7, which reinterpreted the memory buffer ``x`` is a view
    of, this reads ``x``'s own elements (the same thing for a C-contiguous
    ``x`` that owns its memory), and the output is a new array, not a view:
    writing into it never changes ``x``.

    Args:
        x (Variable or array): the input, of any shape and dtype.
        shape (tuple of ints): the output shape.
        strides (tuple of ints): one stride per output axis, in elements.
        storage_offset (int or None): the flat index of the first element
            read; None means 0.

    Returns:
        Variable: of ``shape``, same dtype as ``x``.
    """
    if _is_int(shape):
        shape = (shape,)
    if _is_int(strides):
        strides = (strides,)
    if not isinstance(shape, (tuple, list)) or not all(_is_int(n) for n in shape):
        raise TypeError(f"as_strided: shape must be a tuple of ints, not {shape!r}")
    if not isinstance(strides, (tuple, list)) or not all(_is_int(s) for s in strides):
        raise TypeError(f"as_strided: strides must be a tuple of ints, not {strides!r}")
    shape = tuple(int(n) for n in shape)
    strides = tuple(int(s) for s in strides)
    if any(n < 0 for n in shape):
        raise ValueError(f"as_strided: shape must not hold negative sizes, got {shape}")
    if len(strides) != len(shape):
        raise ValueError(
            f"as_strided: strides must have one entry per axis of shape {shape}, got {strides}"
        )
    if storage_offset is None:
        storage_offset = 0
    elif not _is_int(storage_offset):
        raise TypeError(
            f"as_strided: storage_offset must be None or an int, not {storage_offset!r}"
        )
    storage_offset = int(storage_offset)
    index_range = _index_range(shape, strides, storage_offset)
    if index_range is not None and index_range[0] < 0:
        raise ValueError(
            f"as_strided: shape {shape}, strides {strides} and storage_offset "
            f"{storage_offset} read flat index {index_range[0]}, before the first element"
        )
    return AsStrided(shape, strides, storage_offset).apply((x,))[0]
