"""flatten: all elements in one dimension."""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


class Flatten(FunctionNode):
    """Flattens the input to 1-d in C order."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        return (x.ravel(),)

    def backward(self, indexes, grad_outputs):
        return (reshape(grad_outputs[0], self._in_shape),)


def flatten(x):
    """Flattens ``x`` into one dimension (C order).

    Args:
        x (Variable or array): the input, of any shape and dtype.

    Returns:
        Variable: shape ``(x.size,)``, same dtype.
    """
    return Flatten().apply((x,))[0]
