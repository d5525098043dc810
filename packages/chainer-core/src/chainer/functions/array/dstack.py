"""dstack: joins arrays depth-wise (along axis 2, after making them at least 3-d)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.concat import ConcatGrad, _as_input_list
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


class Dstack(FunctionNode):
    """Stacks the inputs like ``numpy.dstack`` (inputs of one ndim and dtype)."""

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        type_check._argname((in_types[0],), ("x0",))
        ndim = type_check.eval(in_types[0].ndim)
        for i in range(1, type_check.eval(in_types.size())):
            type_check._argname((in_types[i],), (f"x{i}",))
            type_check.expect(
                in_types[0].dtype == in_types[i].dtype,
                in_types[0].ndim == in_types[i].ndim,
            )
            if ndim <= 2:
                # Each becomes one slice of depth 1: the shapes must agree exactly.
                type_check.expect(in_types[0].shape == in_types[i].shape)
                continue
            for d in range(ndim):
                if d != 2:
                    type_check.expect(in_types[0].shape[d] == in_types[i].shape[d])

    def forward(self, inputs):
        self._shapes = tuple(x.shape for x in inputs)
        xp = chainer.backend.get_array_module(*inputs)
        return (xp.dstack(inputs),)

    def backward(self, indexes, grad_outputs):
        ndim = len(self._shapes[0])
        sizes = [1 if ndim <= 2 else s[2] for s in self._shapes]
        gxs = ConcatGrad(sizes, 2).apply(grad_outputs)
        if ndim <= 2:
            gxs = tuple(reshape(g, s) for g, s in zip(gxs, self._shapes))
        return gxs


def dstack(xs):
    """Concatenates Variables along the third axis (depth-wise).

    Inputs of up to two dimensions are first seen as 3-d, as ``numpy.dstack``
    does: shape ``()`` as ``(1, 1, 1)``, ``(N,)`` as ``(1, N, 1)`` and ``(M, N)``
    as ``(M, N, 1)``; such inputs must all have the same shape.

    Args:
        xs (list or tuple of Variable or array): the inputs; all of one dtype
            and one number of dimensions, with equal sizes in every dimension
            but the third.

    Returns:
        Variable: the stacked variable (at least 3-d), of the inputs' dtype.
    """
    xs = _as_input_list(xs, "dstack")
    return Dstack().apply(xs)[0]
