"""reshape: a new shape for the same elements."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _resolve_shape(shape, size):
    """The shape with its single -1 replaced, or None when it cannot hold ``size`` elements."""
    known = 1
    unknown = None
    for i, s in enumerate(shape):
        if s == -1:
            if unknown is not None:
                return None
            unknown = i
        elif s < 0:
            return None
        else:
            known *= s
    if unknown is None:
        return shape if known == size else None
    if known == 0 or size % known:
        return None
    resolved = list(shape)
    resolved[unknown] = size // known
    return tuple(resolved)


class Reshape(FunctionNode):
    """Reshapes the input to ``shape`` (one entry may be -1)."""

    def __init__(self, shape):
        self.shape = shape

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_shape = tuple(type_check.eval(in_types[0].shape))
        size = 1
        for s in x_shape:
            size *= s
        if _resolve_shape(self.shape, size) is None:
            known = 1
            for s in self.shape:
                known *= s if s != -1 else 1
            raise type_check.InvalidType(
                f"prod(x.shape) == prod({self.shape}) (one -1 allowed)",
                f"{size} != {known} (x.shape == {x_shape})",
            )

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        return (x.reshape(self.shape),)

    def backward(self, indexes, grad_outputs):
        return (reshape(grad_outputs[0], self._in_shape),)


def reshape(x, shape):
    """Reshapes ``x`` to ``shape`` without copying when possible.

    Args:
        x (Variable or array): the input.
        shape (tuple of ints): the new shape; one entry may be -1.

    Returns:
        Variable: the reshaped variable (``x`` itself when the shape is unchanged).
    """
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if x.shape == shape:
        return chainer.as_variable(x)
    return Reshape(shape).apply((x,))[0]
