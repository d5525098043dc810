"""hard_sigmoid: ``clip(0.2 * x + 0.5, 0, 1)``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input
from chainer.functions.activation._masks import keep_where


class HardSigmoid(FunctionNode):
    """Elementwise piecewise-linear approximation of the sigmoid."""

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(x)
        t = x.dtype.type
        return (xp.clip(x * t(0.2) + t(0.5), t(0), t(1)),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        x = x.array
        t = x.dtype.type
        return HardSigmoidGrad((x > t(-2.5)) & (x < t(2.5))).apply(grad_outputs)


class HardSigmoidGrad(FunctionNode):
    """``0.2 * gy`` where ``-2.5 < x < 2.5``, 0 elsewhere; its gradient is itself.

    Args:
        mask (bool array): where ``-2.5 < x < 2.5``.
    """

    def __init__(self, mask):
        self.mask = mask

    def forward(self, inputs):
        (gy,) = inputs
        t = gy.dtype.type
        return (keep_where(self.mask, gy) * t(0.2),)

    def backward(self, indexes, grad_outputs):
        return HardSigmoidGrad(self.mask).apply(grad_outputs)


def hard_sigmoid(x):
    """Hard sigmoid: 0 for ``x < -2.5``, 1 for ``x > 2.5``, ``0.2 * x + 0.5`` between.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: the output in ``[0, 1]``, same shape and dtype as ``x``.
    """
    return HardSigmoid().apply((x,))[0]
