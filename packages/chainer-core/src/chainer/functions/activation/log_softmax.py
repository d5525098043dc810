"""log_softmax: ``x - log(sum(exp(x)))`` along an axis."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_axis, check_float_input, integer
from chainer.functions.math.exponential import exp
from chainer.functions.math.sum import sum as _sum


class LogSoftmax(FunctionNode):
    """The logarithm of softmax along ``axis``; backward keeps the output only.

    Args:
        axis (int): the axis to normalize over.
    """

    def __init__(self, axis=1):
        self.axis = integer("log_softmax", "axis", axis)

    def check_type_forward(self, in_types):
        check_float_input(in_types)
        check_axis(in_types, self.axis)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        y = x - x.max(axis=self.axis, keepdims=True)
        y -= xp.log(xp.exp(y).sum(axis=self.axis, keepdims=True))
        return (y,)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        # gx_i = gy_i - softmax_i * sum_j gy_j, with softmax = exp(y)
        return (gy - exp(y) * _sum(gy, axis=self.axis, keepdims=True),)


def log_softmax(x, axis=1):
    """Logarithm of softmax, ``x - log(sum(exp(x), axis))``, computed stably.

    More accurate than ``log(softmax(x))`` where softmax underflows.

    Args:
        x (Variable or array): a floating-point input with at least one dimension,
            e.g. scores of shape ``(N, C)``.
        axis (int): the axis to normalize over (negative counts from the end).

    Returns:
        Variable: the output, same shape and dtype as ``x``.

    Raises:
        TypeError: if ``axis`` is not an int.
    """
    return LogSoftmax(axis).apply((x,))[0]
