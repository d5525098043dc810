"""batch_matmul: the deprecated batched matrix product of Chainer v7 (use matmul)."""

from __future__ import annotations

import warnings

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math.matmul import matmul
from chainer.utils import type_check


def _as_batch_mat(x):
    """``(b, n)`` as ``(b, n, 1)``; ``(b, n, m)`` unchanged."""
    return x.reshape(x.shape[:2] + (-1,))


def _last(in_type, ndim):
    """The length of the last axis of the operand as a batch of matrices (None: 1)."""
    return in_type.shape[2] if ndim == 3 else None


class BatchMatMul(FunctionNode):
    """``op(a[i]) @ op(b[i])`` for each ``i``; a 2-D operand is a batch of column vectors."""

    def __init__(self, transa=False, transb=False):
        self.transa = transa
        self.transb = transb

    @property
    def label(self):
        return "BatchMatMul"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a", "b"))
        a_type, b_type = in_types
        type_check.expect(
            a_type.dtype.kind == "f",
            a_type.dtype == b_type.dtype,
            a_type.ndim >= 2,
            a_type.ndim <= 3,
            b_type.ndim >= 2,
            b_type.ndim <= 3,
            a_type.shape[0] == b_type.shape[0],
        )
        a_ndim = type_check.eval(a_type.ndim)
        b_ndim = type_check.eval(b_type.ndim)
        # op(a) is (b, m, k) and op(b) is (b, k, n).
        a_k = a_type.shape[1] if self.transa else _last(a_type, a_ndim)
        b_k = _last(b_type, b_ndim) if self.transb else b_type.shape[1]
        if a_k is None and b_k is None:
            return
        if a_k is None:
            type_check.expect(b_k == 1)
        elif b_k is None:
            type_check.expect(a_k == 1)
        else:
            type_check.expect(a_k == b_k)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        a = _as_batch_mat(a)
        b = _as_batch_mat(b)
        if self.transa:
            a = a.swapaxes(1, 2)
        if self.transb:
            b = b.swapaxes(1, 2)
        xp = chainer.backend.get_array_module(a)
        return (xp.matmul(a, b),)

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        (gy,) = grad_outputs
        a3 = chainer.functions.reshape(a, _as_batch_mat(a.array).shape)
        b3 = chainer.functions.reshape(b, _as_batch_mat(b.array).shape)
        ret = []
        for i in indexes:
            if i == 0:
                if self.transa:
                    ga = matmul(b3, gy, transa=self.transb, transb=True)
                else:
                    ga = matmul(gy, b3, transb=not self.transb)
                ret.append(chainer.functions.reshape(ga, a.shape))
            else:
                if self.transb:
                    gb = matmul(gy, a3, transa=True, transb=self.transa)
                else:
                    gb = matmul(a3, gy, transa=not self.transa)
                ret.append(chainer.functions.reshape(gb, b.shape))
        return tuple(ret)


def batch_matmul(a, b, transa=False, transb=False):
    """Batched matrix product (deprecated: use :func:`chainer.functions.matmul`).

    Computes ``op(a[i]) @ op(b[i])`` for each sample ``i``, where ``op``
    transposes when ``transa`` / ``transb`` is set. A 2-D operand of shape
    ``(b, n)`` is a batch of column vectors ``(b, n, 1)``. Emits a
    ``DeprecationWarning``.

    Args:
        a (Variable or array): shape ``(b, m, k)`` (``(b, k, m)`` with
            ``transa``) or ``(b, m)``; floating-point dtype.
        b (Variable or array): shape ``(b, k, n)`` (``(b, n, k)`` with
            ``transb``) or ``(b, k)``; the dtype of ``a``.
        transa (bool): transpose each matrix of ``a``.
        transb (bool): transpose each matrix of ``b``.

    Returns:
        Variable: shape ``(b, m, n)``, the dtype of the inputs.
    """
    warnings.warn(
        "batch_matmul is deprecated; use chainer.functions.matmul instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return BatchMatMul(transa=transa, transb=transb).apply((a, b))[0]
