"""det and batch_det: the determinant of a square matrix, or of each matrix of a batch."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _linalg
from chainer.functions.math.inv import Inv
from chainer.utils import type_check


class Det(FunctionNode):
    """The determinant of an ``(n, n)`` matrix, or of each matrix of a ``(b, n, n)`` batch."""

    def __init__(self, batched=False):
        self.batched = batched

    @property
    def label(self):
        return "BatchDet" if self.batched else "Det"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a",))
        (a_type,) = in_types
        type_check.expect(
            a_type.dtype.kind == "f",
            a_type.ndim == (3 if self.batched else 2),
        )
        type_check.expect(a_type.shape[-1] == a_type.shape[-2])

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        (a,) = inputs
        xp = chainer.backend.get_array_module(a)
        return (_linalg.call(xp, "det", a),)

    def backward(self, indexes, grad_outputs):
        # d det(A) = det(A) tr(A^-1 dA), so gA = gy det(A) A^-T.
        (a,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        a_inv_t = Inv(self.batched).apply((_linalg.swap_last(a),))[0]
        coeff = chainer.functions.reshape(gy * y, y.shape + (1, 1))
        return (chainer.functions.broadcast_to(coeff, a.shape) * a_inv_t,)


def det(a):
    """The determinant of a square matrix.

    Args:
        a (Variable or array): a matrix of shape ``(n, n)`` and a
            floating-point dtype.

    Returns:
        Variable: ``det(a)``, shape ``()`` and the dtype of ``a`` (float16 is
        computed in float32). Its gradient needs ``a`` to be non-singular.
    """
    return Det(batched=False).apply((a,))[0]


def batch_det(a):
    """The determinant of each matrix of a batch.

    Args:
        a (Variable or array): matrices of shape ``(b, n, n)`` and a
            floating-point dtype.

    Returns:
        Variable: the determinants, shape ``(b,)`` and the dtype of ``a``.
        Their gradient needs the matrices to be non-singular.
    """
    return Det(batched=True).apply((a,))[0]
