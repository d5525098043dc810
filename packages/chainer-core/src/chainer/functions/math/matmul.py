"""matmul: matrix products, batched over leading axes with broadcasting."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _swap_last(x):
    return x.swapaxes(-1, -2)


class MatMul(FunctionNode):
    """``a @ b`` for inputs of two or more dimensions, optionally transposing either.

    Leading (batch) axes broadcast like ``numpy.matmul``.
    """

    def __init__(self, transa=False, transb=False):
        self.transa = transa
        self.transb = transb

    @property
    def label(self):
        return "MatMul"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a", "b"))
        a_type, b_type = in_types
        type_check.expect(
            a_type.dtype.kind == "f",
            a_type.dtype == b_type.dtype,
            a_type.ndim >= 2,
            b_type.ndim >= 2,
        )
        a_k = a_type.shape[-2] if self.transa else a_type.shape[-1]
        b_k = b_type.shape[-1] if self.transb else b_type.shape[-2]
        type_check.expect(a_k == b_k)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        if self.transa:
            a = _swap_last(a)
        if self.transb:
            b = _swap_last(b)
        xp = chainer.backend.get_array_module(a)
        return (xp.matmul(a, b),)

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                # y = op(a) op(b): d op(a) = gy op(b)^T; a's gradient undoes op.
                if self.transa:
                    ga = matmul(b, gy, transa=self.transb, transb=True)
                else:
                    ga = matmul(gy, b, transb=not self.transb)
                ret.append(chainer.functions.sum_to(ga, a.shape))
            else:
                if self.transb:
                    gb = matmul(gy, a, transa=True, transb=self.transa)
                else:
                    gb = matmul(a, gy, transa=not self.transa)
                ret.append(chainer.functions.sum_to(gb, b.shape))
        return tuple(ret)


def matmul(a, b, transa=False, transb=False):
    """Matrix product of ``a`` and ``b`` (``numpy.matmul`` semantics).

    A 1-D input is a vector: ``a`` of shape ``(k,)`` acts as ``(1, k)`` and
    ``b`` of shape ``(k,)`` as ``(k, 1)``, and the added axis is removed from
    the result. Inputs of more than two dimensions are stacks of matrices whose
    leading axes broadcast.

    Args:
        a (Variable or array): the left operand, shape ``(..., n, k)``.
        b (Variable or array): the right operand, shape ``(..., k, m)``.
        transa (bool): use the transpose of ``a``'s last two axes.
        transb (bool): use the transpose of ``b``'s last two axes.

    Returns:
        Variable: shape ``(..., n, m)``.
    """
    a = chainer.as_variable(a)
    b = chainer.as_variable(b)
    squeeze = []
    if a.ndim == 1:
        a = chainer.functions.reshape(a, (1, a.shape[0]))
        transa = False
        squeeze.append(-2)
    if b.ndim == 1:
        b = chainer.functions.reshape(b, (b.shape[0], 1))
        transb = False
        squeeze.append(-1)
    y = MatMul(transa, transb).apply((a, b))[0]
    if squeeze:
        shape = list(y.shape)
        for axis in sorted(squeeze):
            shape[axis] = None
        y = chainer.functions.reshape(y, tuple(s for s in shape if s is not None))
    return y
