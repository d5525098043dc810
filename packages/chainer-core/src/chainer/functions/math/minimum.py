"""Elementwise minimum of two inputs, with broadcasting."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math.maximum import check_binary_float, select_grads


class Minimum(FunctionNode):
    """``minimum(x1, x2)``; at ties the gradient goes to ``x1``."""

    def check_type_forward(self, in_types):
        check_binary_float(in_types)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        xp = chainer.backend.get_array_module(x1)
        return (xp.minimum(x1, x2),)

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        xp = chainer.backend.get_array_module(x1.array)
        cond = xp.asarray(x1.array <= x2.array)
        return select_grads(indexes, grad_outputs[0], cond, x1, x2)


def minimum(x1, x2):
    """Elementwise minimum of two inputs.

    The inputs broadcast against each other like NumPy arrays; the gradient
    of each element goes to the smaller input (to ``x1`` at ties) and is
    summed back to the input's shape.

    Args:
        x1 (Variable or array): a floating-point array.
        x2 (Variable or array): an array of the same dtype as ``x1`` and a
            shape that broadcasts with ``x1``'s.

    Returns:
        Variable: ``min(x1, x2)`` elementwise, of the broadcast shape and the
        inputs' dtype.
    """
    return Minimum().apply((x1, x2))[0]
