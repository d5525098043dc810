"""prelu: leaky ReLU with a learned slope ``W``."""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_param_input, param_axes, param_shape
from chainer.functions.activation._masks import scale_where
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.array.reshape import reshape
from chainer.functions.math.sum import sum as _sum


class PReLUFunction(FunctionNode):
    """``x`` for ``x >= 0`` and ``W * x`` below, ``W`` broadcast from axis 1 of ``x``."""

    def check_type_forward(self, in_types):
        check_param_input(in_types, "W")

    def forward(self, inputs):
        x, W = inputs
        self.retain_inputs((0, 1))
        return (scale_where(x < 0, x, W.reshape(param_shape(x.ndim, W.shape))),)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        negative = (x.array < 0).astype(x.dtype)
        ret = []
        if 0 in indexes:
            w = broadcast_to(reshape(W, param_shape(x.ndim, W.shape)), x.shape)
            ret.append(gy * (w * negative + (1 - negative)))
        if 1 in indexes:
            ret.append(_sum(gy * x * negative, axis=param_axes(x.ndim, W.ndim)))
        return tuple(ret)


def prelu(x, W):
    """Parametric ReLU: ``x`` if ``x >= 0``, else ``W * x``.

    ``W`` is broadcast along axis 0 and the axes after ``1 + W.ndim``.

    Args:
        x (Variable or array): a floating-point input of shape ``(N, C_1, ..., C_k, ...)``.
        W (Variable or array): the slopes, of shape ``(C_1, ..., C_k)``
            (``x.shape[1:1 + W.ndim]``) and of ``x``'s dtype.

    Returns:
        Variable: the output, same shape and dtype as ``x``.
    """
    return PReLUFunction().apply((x, W))[0]
