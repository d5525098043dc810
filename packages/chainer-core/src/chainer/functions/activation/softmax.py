"""softmax: ``exp(x) / sum(exp(x))`` along an axis."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_axis, check_float_input, integer
from chainer.functions.math.sum import sum as _sum


class Softmax(FunctionNode):
    """Softmax along ``axis``; backward keeps the output only.

    Args:
        axis (int): the axis to normalize over.
    """

    def __init__(self, axis=1):
        self.axis = integer("softmax", "axis", axis)

    def check_type_forward(self, in_types):
        check_float_input(in_types)
        check_axis(in_types, self.axis)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        y = xp.exp(x - x.max(axis=self.axis, keepdims=True))
        y /= y.sum(axis=self.axis, keepdims=True)
        return (y,)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        gx = y * grad_outputs[0]
        # gx_i = y_i * (gy_i - sum_j y_j gy_j)
        return (gx - y * _sum(gx, axis=self.axis, keepdims=True),)


def softmax(x, axis=1):
    """Softmax, ``exp(x) / sum(exp(x), axis)``, computed stably.

    Args:
        x (Variable or array): a floating-point input with at least one dimension,
            e.g. scores of shape ``(N, C)``.
        axis (int): the axis to normalize over (negative counts from the end).

    Returns:
        Variable: the output, same shape and dtype as ``x``; it sums to 1 along ``axis``.

    Raises:
        TypeError: if ``axis`` is not an int.
    """
    return Softmax(axis).apply((x,))[0]
