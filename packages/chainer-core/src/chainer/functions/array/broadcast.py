"""broadcast_to and sum_to: each is the other's gradient."""

from __future__ import annotations

import chainer
from chainer import utils
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class BroadcastTo(FunctionNode):
    """Broadcasts the input to ``shape`` (NumPy rules)."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_shape = tuple(type_check.eval(in_types[0].shape))
        if not _broadcastable(x_shape, self._shape):
            raise type_check.InvalidType(
                f"x.shape can be broadcast to {self._shape}", f"x.shape == {x_shape}"
            )

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        xp = chainer.backend.get_array_module(x)
        return (xp.broadcast_to(x, self._shape),)

    def backward(self, indexes, grad_outputs):
        return (sum_to(grad_outputs[0], self._in_shape),)


def _broadcastable(src, dst):
    if len(src) > len(dst):
        return False
    for s, d in zip(reversed(src), reversed(dst)):
        if s != d and s != 1:
            return False
    return True


class SumTo(FunctionNode):
    """Sums the input down to ``shape`` (the inverse of broadcasting)."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_shape = tuple(type_check.eval(in_types[0].shape))
        if not _broadcastable(self._shape, x_shape):
            raise type_check.InvalidType(
                f"{self._shape} can be broadcast to x.shape", f"x.shape == {x_shape}"
            )

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        return (utils.sum_to(x, self._shape),)

    def backward(self, indexes, grad_outputs):
        return (broadcast_to(grad_outputs[0], self._in_shape),)


def broadcast_to(x, shape):
    """Broadcasts ``x`` to ``shape``.

    Args:
        x (Variable or array): the input.
        shape (tuple of ints): the target shape (NumPy broadcasting rules).

    Returns:
        Variable: the broadcast variable (``x`` itself when the shape is unchanged).
    """
    shape = tuple(shape)
    if x.shape == shape:
        return chainer.as_variable(x)
    return BroadcastTo(shape).apply((x,))[0]


def sum_to(x, shape):
    """Sums the elements of ``x`` so that the result has ``shape``.

    Args:
        x (Variable or array): the input.
        shape (tuple of ints): a shape that broadcasts to ``x.shape``.

    Returns:
        Variable: the summed variable (``x`` itself when the shape is unchanged).
    """
    shape = tuple(shape)
    if x.shape == shape:
        return chainer.as_variable(x)
    return SumTo(shape).apply((x,))[0]
