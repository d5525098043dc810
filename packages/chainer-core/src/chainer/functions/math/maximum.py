"""Elementwise maximum of two inputs, with broadcasting."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def check_binary_float(in_types):
    """Two floating-point inputs ``x1``, ``x2`` of one dtype and broadcastable shapes."""
    type_check._argname(in_types, ("x1", "x2"))
    type_check.expect(
        in_types.size() == 2,
        in_types[0].dtype.kind == "f",
        in_types[0].dtype == in_types[1].dtype,
    )
    type_check.expect_broadcast_shapes(in_types[0].shape, in_types[1].shape)


def select_grads(indexes, gy, cond, x1, x2):
    """Routes ``gy`` to ``x1`` where ``cond`` holds and to ``x2`` elsewhere.

    ``cond`` is a boolean array of the broadcast shape. The masks are
    constants, so the gradients stay differentiable in ``gy``.
    """
    xp = chainer.backend.get_array_module(cond)
    dtype = gy.dtype
    ret = []
    for i in indexes:
        if i == 0:
            g = gy * cond.astype(dtype)
            shape = x1.shape
        else:
            g = gy * xp.logical_not(cond).astype(dtype)
            shape = x2.shape
        ret.append(g if g.shape == shape else chainer.functions.sum_to(g, shape))
    return tuple(ret)


class Maximum(FunctionNode):
    """``maximum(x1, x2)``; at ties the gradient goes to ``x1``."""

    def check_type_forward(self, in_types):
        check_binary_float(in_types)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        xp = chainer.backend.get_array_module(x1)
        return (xp.maximum(x1, x2),)

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        xp = chainer.backend.get_array_module(x1.array)
        cond = xp.asarray(x1.array >= x2.array)
        return select_grads(indexes, grad_outputs[0], cond, x1, x2)


def maximum(x1, x2):
    """Elementwise maximum of two inputs.

    The inputs broadcast against each other like NumPy arrays; the gradient
    of each element goes to the larger input (to ``x1`` at ties) and is
    summed back to the input's shape.

    Args:
        x1 (Variable or array): a floating-point array.
        x2 (Variable or array): an array of the same dtype as ``x1`` and a
            shape that broadcasts with ``x1``'s.

    Returns:
        Variable: ``max(x1, x2)`` elementwise, of the broadcast shape and the
        inputs' dtype.
    """
    return Maximum().apply((x1, x2))[0]
