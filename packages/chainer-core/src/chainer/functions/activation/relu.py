"""relu: the rectified linear unit ``max(0, x)``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input
from chainer.functions.activation._masks import keep_where


class ReLU(FunctionNode):
    """Elementwise ``max(0, x)``; backward keeps the output only."""

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        return (xp.maximum(x, x.dtype.type(0)),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return ReLUGrad2(y.array > 0).apply(grad_outputs)


class ReLUGrad2(FunctionNode):
    """``gy`` where ReLU's output is positive, 0 elsewhere.

    Linear in ``gy`` with a constant mask, so its gradient is itself.

    Args:
        mask (bool array): where the output of ReLU is positive.
    """

    def __init__(self, mask):
        self.mask = mask

    def forward(self, inputs):
        (gy,) = inputs
        return (keep_where(self.mask, gy),)

    def backward(self, indexes, grad_outputs):
        return ReLUGrad2(self.mask).apply(grad_outputs)


def relu(x):
    """Rectified linear unit, ``max(0, x)`` elementwise.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: the output, same shape and dtype as ``x``.
    """
    return ReLU().apply((x,))[0]
