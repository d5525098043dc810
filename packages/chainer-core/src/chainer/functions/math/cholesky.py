"""cholesky: the lower-triangular Cholesky factor of a symmetric positive-definite matrix."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _linalg
from chainer.functions.math.inv import Inv
from chainer.functions.math.matmul import matmul
from chainer.utils import type_check


class Cholesky(FunctionNode):
    """``L`` with ``L L^T = A`` and ``L`` lower triangular, for an ``(n, n)`` matrix ``A``."""

    @property
    def label(self):
        return "Cholesky"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a",))
        (a_type,) = in_types
        type_check.expect(a_type.dtype.kind == "f", a_type.ndim == 2)
        type_check.expect(a_type.shape[0] == a_type.shape[1])

    def forward(self, inputs):
        self.retain_outputs((0,))
        (a,) = inputs
        xp = chainer.backend.get_array_module(a)
        return (_linalg.call(xp, "cholesky", a),)

    def backward(self, indexes, grad_outputs):
        # With Phi(X) = the lower triangle of X with its diagonal halved,
        # S = L^-T Phi(L^T gL) L^-1 and gA = (S + S^T) / 2 (Murray, 2016).
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        xp = y.xp
        n = y.shape[0]
        dtype = y.dtype
        mask = xp.tri(n, dtype=dtype) - xp.eye(n, dtype=dtype) * dtype.type(0.5)
        y_inv = Inv().apply((y,))[0]
        phi = matmul(y, gy, transa=True) * mask
        s = matmul(matmul(y_inv, phi, transa=True), y_inv)
        return ((s + s.T) * 0.5,)


def cholesky(a):
    """The Cholesky decomposition of a symmetric positive-definite matrix.

    Only the lower triangle of ``a`` is read; the gradient is the symmetric
    matrix that the formula for a symmetric input gives.

    Args:
        a (Variable or array): a symmetric positive-definite matrix of shape
            ``(n, n)`` and a floating-point dtype.

    Returns:
        Variable: the lower-triangular ``L`` with ``L @ L.T == a``, shape
        ``(n, n)`` and the dtype of ``a`` (float16 is computed in float32).

    Raises:
        numpy.linalg.LinAlgError: when ``a`` is not positive definite.
    """
    return Cholesky().apply((a,))[0]
