"""scatter_add: adds ``b`` into the elements ``a[slices]``, repeated indices accumulating."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import GetItem, _is_basic, _scatter_add, get_item
from chainer.utils import type_check


class ScatterAdd(FunctionNode):
    """``y = a.copy(); y[slices] += b``, with repeated advanced indexes adding up."""

    def __init__(self, slices):
        # GetItem validates and normalizes the index the same way get_item does.
        self.slices = GetItem(slices).slices

    @property
    def label(self):
        return "ScatterAdd"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a", "b"))
        a_type, b_type = in_types
        type_check.expect(a_type.dtype == b_type.dtype)
        if _is_basic(self.slices):
            n_indexing = sum(1 for s in self.slices if s is not None and s is not Ellipsis)
            type_check.expect(a_type.ndim >= n_indexing)

    def forward(self, inputs):
        a, b = inputs
        xp = chainer.backend.get_array_module(a)
        y = a.copy()
        target_shape = y[self.slices].shape
        if target_shape != b.shape:
            raise ValueError(
                f"scatter_add: b must have the shape of a[slices], {target_shape}, "
                f"but has shape {b.shape} (b is not broadcast)"
            )
        if _is_basic(self.slices):
            # A basic index names each element once.
            y[self.slices] += b
        else:
            _scatter_add(xp, y, self.slices, b)
        return (y,)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            ret.append(gy if i == 0 else get_item(gy, self.slices))
        return tuple(ret)


def scatter_add(a, slices, b):
    """Adds ``b`` to the elements of ``a`` selected by ``slices``, out of place.

    Like ``numpy.add.at``: where an advanced index names an element several
    times, every value of ``b`` for it is added.

    Args:
        a (Variable or array): the base array.
        slices: an int, slice, None, Ellipsis, list, integer or boolean array,
            or a tuple of these (the indexing rules of
            :func:`~chainer.functions.get_item`).
        b (Variable or array): the values to add, of exactly the shape of
            ``a[slices]`` and the dtype of ``a``.

    Returns:
        Variable: a new variable of the shape and dtype of ``a``.
    """
    return ScatterAdd(slices).apply((a, b))[0]
