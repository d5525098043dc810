"""batch_l2_norm_squared: the squared L2 norm of each sample of a batch."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class BatchL2NormSquared(FunctionNode):
    """``y[i] = sum(x[i] ** 2)`` over every axis but the first."""

    @property
    def label(self):
        return "BatchL2NormSquared"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        (x_type,) = in_types
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim >= 2)

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        flat = x.reshape(len(x), -1)
        return (xp.asarray((flat * flat).sum(axis=1)),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        gy = chainer.functions.reshape(gy, gy.shape + (1,) * (x.ndim - 1))
        gy = chainer.functions.broadcast_to(gy, x.shape)
        return (gy * x * 2.0,)


def batch_l2_norm_squared(x):
    """The squared L2 norm of each sample: ``y[i] = sum(x[i] ** 2)``.

    Args:
        x (Variable or array): a batch of shape ``(b, ...)`` with at least two
            axes and a floating-point dtype.

    Returns:
        Variable: the squared norms, shape ``(b,)`` and the dtype of ``x``.
    """
    return BatchL2NormSquared().apply((x,))[0]
