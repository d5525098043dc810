"""split_axis: splits an array into pieces along one axis."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def _check_axis(in_type, axis):
    if axis >= 0:
        type_check.expect(in_type.ndim > axis)
    else:
        type_check.expect(in_type.ndim >= -axis)


class SplitAxis(FunctionNode):
    """Splits the input along ``axis`` into equal sections or at the given indices."""

    def __init__(self, indices_or_sections, axis):
        if _is_int(indices_or_sections):
            sections = int(indices_or_sections)
            if sections <= 0:
                raise ValueError(
                    "split_axis: indices_or_sections as a number of sections must be "
                    f"positive, got {sections}"
                )
            self.sections = sections
            self.indices = None
        else:
            try:
                indices = list(indices_or_sections)
            except TypeError:
                raise TypeError(
                    "split_axis: indices_or_sections must be an int or a sequence of ints, "
                    f"not {type(indices_or_sections).__name__}"
                ) from None
            if not all(_is_int(i) for i in indices):
                raise TypeError(
                    "split_axis: indices_or_sections must be an int or a sequence of ints, "
                    f"got {indices_or_sections!r}"
                )
            indices = tuple(int(i) for i in indices)
            # The pieces must tile the input exactly, or the gradient would not
            # be the input's shape: non-negative, non-decreasing indices.
            if any(i < 0 for i in indices) or any(a > b for a, b in zip(indices, indices[1:])):
                raise ValueError(
                    "split_axis: indices_or_sections must be non-negative and sorted in "
                    f"non-decreasing order, got {indices}"
                )
            self.indices = indices
            self.sections = None
        if not _is_int(axis):
            raise TypeError(f"split_axis: axis must be an int, not {type(axis).__name__}")
        self.axis = int(axis)

    @property
    def label(self):
        return "SplitAxis"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        _check_axis(x_type, self.axis)
        if self.indices is not None:
            if self.indices:
                max_index = type_check.make_variable(self.indices[-1], "max_index")
                type_check.expect(x_type.shape[self.axis] >= max_index)
        else:
            sections = type_check.make_variable(self.sections, "sections")
            type_check.expect(x_type.shape[self.axis] % sections == 0)

    def forward(self, inputs):
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        if self.indices is not None:
            ys = xp.split(x, list(self.indices), self.axis)
        else:
            ys = xp.split(x, self.sections, self.axis)
        self._shapes = [y.shape for y in ys]
        self._dtype = x.dtype
        return tuple(ys)

    def backward(self, indexes, grad_outputs):
        xp = next(gy.xp for gy in grad_outputs if gy is not None)
        gys = [
            xp.zeros(shape, dtype=self._dtype) if gy is None else gy
            for gy, shape in zip(grad_outputs, self._shapes)
        ]
        if len(gys) == 1:
            return (chainer.as_variable(gys[0]),)
        return _Concat(self.axis).apply(tuple(gys))


class _Concat(FunctionNode):
    """Joins the inputs along an existing axis; the gradient of :class:`SplitAxis`.

    Private: ``F.concat`` is a separate op; this node only keeps split_axis
    differentiable to any order without depending on it.
    """

    def __init__(self, axis):
        self.axis = axis

    @property
    def label(self):
        return "Concat"

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(*inputs)
        axis = self.axis % inputs[0].ndim
        self._indices = list(numpy.cumsum([x.shape[axis] for x in inputs[:-1]]))
        return (xp.concatenate(inputs, axis=axis),)

    def backward(self, indexes, grad_outputs):
        return SplitAxis(self._indices, self.axis).apply(grad_outputs)


def split_axis(x, indices_or_sections, axis, force_tuple=True):
    """Splits ``x`` into several variables along ``axis``.

    Args:
        x (Variable or array): the input.
        indices_or_sections (int or sequence of ints): an int ``n`` splits
            ``x`` into ``n`` pieces of equal length (``x.shape[axis]`` must be
            divisible by ``n``); a sorted sequence of indices splits ``x``
            before each of them (an index may not exceed ``x.shape[axis]``).
        axis (int): the axis to split along, in ``[-x.ndim, x.ndim)``.
        force_tuple (bool): if True, always return a tuple; if False, a
            single piece is returned as a Variable instead of a 1-tuple.

    Returns:
        tuple of Variable or Variable: the pieces, with the dtype of ``x``.
    """
    ys = SplitAxis(indices_or_sections, axis).apply((x,))
    if force_tuple or len(ys) != 1:
        return ys
    return ys[0]
