"""broadcast: broadcasts several Variables to one common shape."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.broadcast import sum_to
from chainer.utils import type_check


class Broadcast(FunctionNode):
    """Broadcasts all inputs against each other (NumPy rules); one output per input."""

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        for i, in_type in enumerate(in_types):
            type_check._argname((in_type,), (f"x{i}",))
        type_check.expect_broadcast_shapes(*[t.shape for t in in_types])

    def forward(self, inputs):
        self._shapes = tuple(x.shape for x in inputs)
        xp = chainer.backend.get_array_module(*inputs)
        return tuple(xp.broadcast_arrays(*inputs))

    def backward(self, indexes, grad_outputs):
        return tuple(
            None if grad_outputs[i] is None else sum_to(grad_outputs[i], self._shapes[i])
            for i in indexes
        )


def broadcast(*args):
    """Broadcasts the given Variables to their common shape (NumPy broadcasting rules).

    Args:
        *args (Variable or array): the inputs; their shapes must broadcast
            together. Each keeps its dtype.

    Returns:
        Variable or tuple of Variable: with one input, that input as a
        Variable; otherwise one Variable per input, all of the broadcast shape.
        The gradient of each is summed back to its input's shape.
    """
    if not args:
        raise ValueError("broadcast: needs at least one Variable or array, got none")
    if len(args) == 1:
        return chainer.as_variable(args[0])
    return Broadcast().apply(args)
