"""tanh: the hyperbolic tangent."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input


class Tanh(FunctionNode):
    """Elementwise hyperbolic tangent; backward keeps the output only."""

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        return (xp.tanh(x),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return TanhGrad().apply((y, grad_outputs[0]))


class TanhGrad(FunctionNode):
    """``gy * (1 - y^2)`` from tanh's output ``y`` and its gradient ``gy``.

    One node (one output buffer, updated in place) instead of three
    arithmetic nodes; differentiable in both inputs for double backprop.
    """

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        gx = y * y
        # 1 - y^2, then times gy, both in place on the one new buffer.
        gx -= gx.dtype.type(1)
        gx *= -gy
        return (gx,)

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(-2 * y * gy * ggx)
        if 1 in indexes:
            ret.append(TanhGrad().apply((y, ggx))[0])
        return ret


def tanh(x):
    """Elementwise hyperbolic tangent.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: ``tanh(x)``, in ``(-1, 1)``, same shape and dtype as ``x``.
    """
    return Tanh().apply((x,))[0]
