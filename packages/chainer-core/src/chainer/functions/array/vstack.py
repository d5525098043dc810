"""vstack: joins arrays row-wise (along the first axis)."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.functions.array.split_axis import split_axis
from chainer.utils import type_check


class Vstack(FunctionNode):
    """``numpy.vstack`` of the inputs; the gradient splits it back."""

    @property
    def label(self):
        return "Vstack"

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        type_check._argname(in_types, tuple(f"xs[{i}]" for i in range(len(in_types))))
        x0 = in_types[0]
        ndim = type_check.eval(x0.ndim)
        for x in in_types[1:]:
            type_check.expect(x0.dtype == x.dtype, x0.ndim == x.ndim)
            if ndim <= 1:
                type_check.expect(x0.shape == x.shape)
            else:
                type_check.expect(x0.shape[1:] == x.shape[1:])

    def forward(self, inputs):
        self._in_shapes = [x.shape for x in inputs]
        xp = chainer.backend.get_array_module(*inputs)
        return (xp.vstack(inputs),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        shapes = self._in_shapes
        if len(shapes[0]) <= 1:
            # Each input became one row.
            gxs = split_axis(gy, len(shapes), 0)
            return tuple(reshape(gx, shape) for gx, shape in zip(gxs, shapes))
        if len(shapes) == 1:
            return (gy,)
        return split_axis(gy, numpy.cumsum([s[0] for s in shapes[:-1]]).tolist(), 0)


def vstack(xs):
    """Joins variables vertically (row-wise), like ``numpy.vstack``.

    Inputs of zero or one dimension are joined as rows of a new first axis
    (they must all have the same shape); inputs of two or more dimensions are
    joined along their first axis (the other axes must agree).

    Args:
        xs (list of Variable or array): the inputs, of one dtype and ndim.

    Returns:
        Variable: the joined variable, with the dtype of the inputs.
    """
    return Vstack().apply(tuple(xs))[0]
