"""crelu: the concatenated ReLU ``concat(relu(x), relu(-x))``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_axis, check_float_input, integer
from chainer.functions.array.get_item import get_item


class CReLU(FunctionNode):
    """``max(0, x)`` and ``max(0, -x)`` concatenated along ``axis``.

    Args:
        axis (int): the axis to concatenate along.
    """

    def __init__(self, axis=1):
        self.axis = integer("crelu", "axis", axis)

    def check_type_forward(self, in_types):
        check_float_input(in_types)
        check_axis(in_types, self.axis)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(x)
        zero = x.dtype.type(0)
        return (xp.concatenate((xp.maximum(x, zero), xp.maximum(-x, zero)), axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        x = x.array
        axis = self.axis % x.ndim
        n = x.shape[axis]
        head = (slice(None),) * axis
        g_pos = get_item(gy, (*head, slice(0, n)))
        g_neg = get_item(gy, (*head, slice(n, 2 * n)))
        return (g_pos * (x > 0).astype(x.dtype) - g_neg * (x < 0).astype(x.dtype),)


def crelu(x, axis=1):
    """Concatenated rectified linear unit, ``concat((relu(x), relu(-x)), axis)``.

    Args:
        x (Variable or array): a floating-point input with at least one dimension,
            e.g. of shape ``(N, C, ...)``.
        axis (int): the axis to concatenate along (negative counts from the end).

    Returns:
        Variable: the output, of ``x``'s dtype and shape except that it is twice
        as long along ``axis``.

    Raises:
        TypeError: if ``axis`` is not an int.
    """
    return CReLU(axis).apply((x,))[0]
