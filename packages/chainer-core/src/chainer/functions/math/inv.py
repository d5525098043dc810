"""inv and batch_inv: the inverse of a square matrix, or of each matrix of a batch."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _linalg
from chainer.functions.math.matmul import matmul
from chainer.utils import type_check


class Inv(FunctionNode):
    """The inverse of an ``(n, n)`` matrix, or of each matrix of a ``(b, n, n)`` batch."""

    def __init__(self, batched=False):
        self.batched = batched

    @property
    def label(self):
        return "BatchInv" if self.batched else "Inv"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a",))
        (a_type,) = in_types
        type_check.expect(
            a_type.dtype.kind == "f",
            a_type.ndim == (3 if self.batched else 2),
        )
        type_check.expect(a_type.shape[-1] == a_type.shape[-2])

    def forward(self, inputs):
        self.retain_outputs((0,))
        (a,) = inputs
        xp = chainer.backend.get_array_module(a)
        return (_linalg.call(xp, "inv", a),)

    def backward(self, indexes, grad_outputs):
        # d(A^-1) = -A^-1 dA A^-1, so gA = -A^-T gY A^-T.
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        return (-matmul(matmul(y, gy, transa=True), y, transb=True),)


def inv(a):
    """The inverse of a square matrix.

    Args:
        a (Variable or array): a non-singular matrix of shape ``(n, n)`` and a
            floating-point dtype.

    Returns:
        Variable: ``a^{-1}``, shape ``(n, n)`` and the dtype of ``a`` (float16
        is computed in float32).

    Raises:
        numpy.linalg.LinAlgError: when ``a`` is singular.
    """
    return Inv(batched=False).apply((a,))[0]


def batch_inv(a):
    """The inverse of each matrix of a batch.

    Args:
        a (Variable or array): non-singular matrices, shape ``(b, n, n)``,
            floating-point dtype.

    Returns:
        Variable: the inverses, shape ``(b, n, n)`` and the dtype of ``a``.

    Raises:
        numpy.linalg.LinAlgError: when a matrix is singular.
    """
    return Inv(batched=True).apply((a,))[0]
