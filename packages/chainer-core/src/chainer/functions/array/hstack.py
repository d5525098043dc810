"""hstack: joins arrays horizontally (along axis 1, or axis 0 for 0-d and 1-d inputs)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.concat import ConcatGrad, _as_input_list
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


class Hstack(FunctionNode):
    """Stacks the inputs like ``numpy.hstack`` (inputs of one ndim and dtype)."""

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
            if ndim <= 1:
                continue  # joined along axis 0: any lengths
            for d in range(ndim):
                if d != 1:
                    type_check.expect(in_types[0].shape[d] == in_types[i].shape[d])

    def forward(self, inputs):
        self._shapes = tuple(x.shape for x in inputs)
        xp = chainer.backend.get_array_module(*inputs)
        return (xp.hstack(inputs),)

    def backward(self, indexes, grad_outputs):
        ndim = len(self._shapes[0])
        axis = 1 if ndim >= 2 else 0
        sizes = [1 if ndim == 0 else s[axis] for s in self._shapes]
        gxs = ConcatGrad(sizes, axis).apply(grad_outputs)
        if ndim == 0:
            gxs = tuple(reshape(g, ()) for g in gxs)
        return gxs


def hstack(xs):
    """Concatenates Variables horizontally.

    0-d and 1-d inputs are joined along axis 0 (0-d ones count as length 1),
    inputs with two or more dimensions along axis 1, as ``numpy.hstack`` does.

    Args:
        xs (list or tuple of Variable or array): the inputs; all of one dtype
            and one number of dimensions, with equal sizes in every dimension
            but the joined one.

    Returns:
        Variable: the stacked variable, of the inputs' dtype.
    """
    xs = _as_input_list(xs, "hstack")
    return Hstack().apply(xs)[0]
