"""swish: ``x * sigmoid(beta * x)`` with a learned ``beta``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_param_input, param_axes, param_shape
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.array.reshape import reshape
from chainer.functions.math.sum import sum as _sum


class Swish(FunctionNode):
    """``x * sigmoid(beta * x)``, ``beta`` broadcast from axis 1 of ``x``."""

    def check_type_forward(self, in_types):
        check_param_input(in_types, "beta")

    def forward(self, inputs):
        x, beta = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x)
        half = x.dtype.type(0.5)
        bx = x * beta.reshape(param_shape(x.ndim, beta.shape))
        return (x * (xp.tanh(bx * half) * half + half),)

    def backward(self, indexes, grad_outputs):
        x, beta = self.get_retained_inputs()
        (gy,) = grad_outputs
        b = broadcast_to(reshape(beta, param_shape(x.ndim, beta.shape)), x.shape)
        s = sigmoid(b * x)
        y = x * s
        # dy/dx = s + beta * y * (1 - s); dy/dbeta = x * y * (1 - s)
        ret = []
        if 0 in indexes:
            ret.append(gy * (s + b * y * (1 - s)))
        if 1 in indexes:
            ret.append(_sum(gy * x * y * (1 - s), axis=param_axes(x.ndim, beta.ndim)))
        return tuple(ret)


def swish(x, beta):
    """Swish, ``x * sigmoid(beta * x)``, with a (learnable) ``beta``.

    ``beta`` is broadcast along axis 0 and the axes after ``1 + beta.ndim``.

    Args:
        x (Variable or array): a floating-point input of shape ``(N, C_1, ..., C_k, ...)``.
        beta (Variable or array): the parameter, of shape ``(C_1, ..., C_k)``
            (``x.shape[1:1 + beta.ndim]``) and of ``x``'s dtype.

    Returns:
        Variable: the output, same shape and dtype as ``x``.
    """
    return Swish().apply((x, beta))[0]
