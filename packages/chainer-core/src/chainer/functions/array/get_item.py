"""get_item: indexing and slicing (basic and advanced), ``x[slices]``."""

from __future__ import annotations

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.variable import Variable

_BASIC = (int, numpy.integer, slice, type(None), type(Ellipsis))


def _is_basic(slices):
    return all(isinstance(s, _BASIC) and not isinstance(s, bool) for s in slices)


def _normalize(slices):
    if isinstance(slices, list):
        # A list index is advanced indexing by the list's values (NumPy's meaning).
        return (numpy.asarray(slices),)
    if not isinstance(slices, tuple):
        slices = (slices,)
    return tuple(numpy.asarray(s) if isinstance(s, list) else s for s in slices)


def _scatter_add(xp, target, slices, values):
    if xp is numpy:
        numpy.add.at(target, slices, values)
    else:  # CuPy
        import cupyx

        cupyx.scatter_add(target, slices, values)


class GetItem(FunctionNode):
    """``x[slices]`` for any NumPy-style index (ints, slices, None, ..., arrays, masks)."""

    def __init__(self, slices):
        slices = _normalize(slices)
        for s in slices:
            if isinstance(s, Variable):
                raise TypeError("get_item: an index must be an array, not a Variable")
            if not isinstance(s, _BASIC + _array_types.ARRAY_TYPES) and not isinstance(
                s, (bool, numpy.bool_)
            ):
                raise TypeError(
                    "get_item: an index must be an int, a slice, None, Ellipsis, a list "
                    f"or an array, not {type(s).__name__}"
                )
        self.slices = slices

    @property
    def label(self):
        return "GetItem"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        if not _is_basic(self.slices):
            return
        n_indexing = sum(1 for s in self.slices if s is not None and s is not Ellipsis)
        type_check.expect(in_types[0].ndim >= n_indexing)

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        y = x[self.slices]
        xp = chainer.backend.get_array_module(x)
        return (xp.asarray(y),)

    def backward(self, indexes, grad_outputs):
        return GetItemGrad(self.slices, self._in_shape, self._in_dtype).apply(grad_outputs)


class GetItemGrad(FunctionNode):
    """The gradient of :class:`GetItem`: scatters ``gy`` into zeros of the input's shape.

    Repeated advanced indexes accumulate (``add.at``), as the chain rule requires.
    """

    def __init__(self, slices, in_shape, in_dtype):
        self.slices = slices
        self._in_shape = in_shape
        self._in_dtype = in_dtype

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        gx = xp.zeros(self._in_shape, dtype=self._in_dtype)
        if _is_basic(self.slices):
            gx[self.slices] = gy
        else:
            _scatter_add(xp, gx, self.slices, gy)
        return (gx,)

    def backward(self, indexes, grad_outputs):
        return (get_item(grad_outputs[0], self.slices),)


def get_item(x, slices):
    """Extracts elements of ``x`` like ``x[slices]`` does for arrays.

    Args:
        x (Variable or array): the input.
        slices: an int, slice, None, Ellipsis, list, integer or boolean
            array, or a tuple of these (NumPy indexing rules).

    Returns:
        Variable: the selected elements.
    """
    return GetItem(slices).apply((x,))[0]
