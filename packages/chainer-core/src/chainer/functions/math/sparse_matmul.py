"""sparse_matmul: the product of a sparse COO matrix and a dense one (or batches of them)."""

from __future__ import annotations

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.utils.sparse import CooMatrix
from chainer.variable import Variable

# Entry k of a sparse operand S stands for S[out_idx[k], in_idx[k]] = data[k]
# (for S^T, the roles of row and col swap); padding entries have -1 in both.


def _acc_dtype(dtype):
    """float16 sums are accumulated in float32."""
    return numpy.float32 if dtype == numpy.float16 else dtype


def _prepare(out_idx, in_idx):
    """Indices with padding replaced by 0, and the mask of real entries."""
    xp = chainer.backend.get_array_module(out_idx)
    valid = (out_idx >= 0) & (in_idx >= 0)
    return xp.where(valid, out_idx, 0), xp.where(valid, in_idx, 0), valid


def _gather_rows(dense, idx):
    """``dense[..., idx[k], :]`` for each entry (per batch when batched)."""
    if idx.ndim == 1:
        return dense[idx]
    xp = chainer.backend.get_array_module(dense)
    return dense[xp.arange(idx.shape[0])[:, None], idx]


class CooMatMul(FunctionNode):
    """``y[..., o_k, :] += data[..., k] * dense[..., i_k, :]`` over the entries ``k``.

    That is ``S @ dense`` for the sparse ``S`` of entries ``S[o_k, i_k] = data[k]``
    with ``n_out`` rows. ``data`` is ``(nnz,)`` with ``dense`` ``(n_in, n)``, or
    batched: ``(b, nnz)`` with ``(b, n_in, n)``.
    """

    def __init__(self, out_idx, in_idx, n_out, n_in):
        self.out_idx = out_idx
        self.in_idx = in_idx
        self.n_out = n_out
        self.n_in = n_in

    @property
    def label(self):
        return "CooMatMul"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("sp", "dn"))
        sp_type, dn_type = in_types
        type_check.expect(
            sp_type.dtype.kind == "f",
            sp_type.dtype == dn_type.dtype,
            sp_type.ndim == self.out_idx.ndim,
            dn_type.ndim == sp_type.ndim + 1,
            sp_type.shape[-1] == self.out_idx.shape[-1],
            dn_type.shape[-2] == self.n_in,
        )
        if self.out_idx.ndim == 2:
            type_check.expect(
                sp_type.shape[0] == self.out_idx.shape[0],
                dn_type.shape[0] == self.out_idx.shape[0],
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        data, dense = inputs
        xp = chainer.backend.get_array_module(dense)
        out_idx, in_idx, valid = _prepare(self.out_idx, self.in_idx)
        acc = _acc_dtype(dense.dtype)
        weights = xp.where(valid, data, data.dtype.type(0)).astype(acc, copy=False)
        rows = _gather_rows(dense, in_idx).astype(acc, copy=False) * weights[..., None]
        n = dense.shape[-1]
        # Scatter-add the rows: flat position (batch * n_out + o_k) * n + column.
        if out_idx.ndim == 2:
            nb = out_idx.shape[0]
            out_idx = out_idx + xp.arange(nb)[:, None] * self.n_out
            shape = (nb, self.n_out, n)
        else:
            shape = (self.n_out, n)
        flat = (out_idx.astype(numpy.int64)[..., None] * n + xp.arange(n)).ravel()
        size = 1
        for s in shape:
            size *= s
        y = xp.bincount(flat, weights=rows.ravel(), minlength=size)
        return (y.astype(dense.dtype).reshape(shape),)

    def backward(self, indexes, grad_outputs):
        data, dense = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                node = CooSampledDot(self.out_idx, self.in_idx)
                ret.append(node.apply((gy, dense))[0])
            else:
                node = CooMatMul(self.in_idx, self.out_idx, self.n_in, self.n_out)
                ret.append(node.apply((data, gy))[0])
        return tuple(ret)


class CooSampledDot(FunctionNode):
    """``s[..., k] = a[..., o_k, :] . b[..., i_k, :]`` (0 for padding): the gradient of
    :class:`CooMatMul` with respect to the sparse entries."""

    def __init__(self, out_idx, in_idx):
        self.out_idx = out_idx
        self.in_idx = in_idx

    @property
    def label(self):
        return "CooSampledDot"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a", "b"))
        a_type, b_type = in_types
        type_check.expect(
            a_type.dtype.kind == "f",
            a_type.dtype == b_type.dtype,
            a_type.ndim == self.out_idx.ndim + 1,
            b_type.ndim == a_type.ndim,
            a_type.shape[-1] == b_type.shape[-1],
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        xp = chainer.backend.get_array_module(a)
        out_idx, in_idx, valid = _prepare(self.out_idx, self.in_idx)
        acc = _acc_dtype(a.dtype)
        prod = _gather_rows(a, out_idx).astype(acc, copy=False)
        prod = prod * _gather_rows(b, in_idx).astype(acc, copy=False)
        s = xp.where(valid, prod.sum(axis=-1), 0)
        return (s.astype(a.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        (gs,) = grad_outputs
        n_a, n_b = a.shape[-2], b.shape[-2]
        ret = []
        for i in indexes:
            if i == 0:
                node = CooMatMul(self.out_idx, self.in_idx, n_a, n_b)
                ret.append(node.apply((gs, b))[0])
            else:
                node = CooMatMul(self.in_idx, self.out_idx, n_b, n_a)
                ret.append(node.apply((gs, a))[0])
        return tuple(ret)


def _swap_last(x):
    axes = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return chainer.functions.transpose(x, axes)


def _op_shape(shape, trans):
    shape = tuple(shape)
    return shape[:-2] + (shape[-1], shape[-2]) if trans and len(shape) >= 2 else shape


def _check_inner(a_shape, b_shape, transa, transb):
    """Raises ValueError naming both operands when op(a) and op(b) do not chain."""
    op_a = _op_shape(a_shape, transa)
    op_b = _op_shape(b_shape, transb)
    if len(op_a) >= 2 and len(op_b) >= 2 and op_a[-1] != op_b[-2]:
        raise ValueError(
            f"sparse_matmul: op(a) has shape {op_a} and op(b) has shape {op_b} "
            f"(transa={transa}, transb={transb}); op(a).shape[-1] must equal op(b).shape[-2]"
        )


def _is_dense(x):
    return isinstance(x, Variable) or isinstance(x, _array_types.ARRAY_TYPES)


def sparse_matmul(a, b, transa=False, transb=False):
    """Product of a sparse COO matrix and a dense matrix, or of batches of them.

    Computes ``op(a) @ op(b)``, where ``op`` transposes (the last two axes)
    when ``transa`` / ``transb`` is set. Exactly one of ``a`` and ``b`` is a
    :class:`~chainer.utils.CooMatrix`; the work grows with its number of
    entries, not with its dense size. The gradient flows to the dense operand
    and to the ``data`` Variable of the sparse one.

    Args:
        a (CooMatrix, Variable or array): the left operand: a sparse matrix of
            shape ``(m, k)`` (``(k, m)`` with ``transa``), or dense ``(m, k)``;
            with a batch axis, ``(b, ...)`` for both operands.
        b (CooMatrix, Variable or array): the right operand, ``(k, n)``
            (``(n, k)`` with ``transb``), sparse or dense.
        transa (bool): transpose ``a``.
        transb (bool): transpose ``b``.

    Returns:
        Variable: dense, shape ``(m, n)`` or ``(b, m, n)``, the dtype of the
        operands.

    Raises:
        ValueError: unless exactly one operand is a ``CooMatrix`` and the
            other a Variable or an array.
    """
    if isinstance(a, CooMatrix) and _is_dense(b):
        _check_inner(a.data.shape[:-1] + a.shape, b.shape, transa, transb)
        # op(a) @ op(b), with entries op(a)[o, i].
        out_idx, in_idx = (a.col, a.row) if transa else (a.row, a.col)
        n_out, n_in = (a.shape[1], a.shape[0]) if transa else a.shape
        dense = _swap_last(chainer.as_variable(b)) if transb else b
        return CooMatMul(out_idx, in_idx, n_out, n_in).apply((a.data, dense))[0]
    if _is_dense(a) and isinstance(b, CooMatrix):
        _check_inner(a.shape, b.data.shape[:-1] + b.shape, transa, transb)
        # (op(a) @ op(b))^T = op(b)^T @ op(a)^T.
        out_idx, in_idx = (b.row, b.col) if transb else (b.col, b.row)
        n_out, n_in = b.shape if transb else (b.shape[1], b.shape[0])
        dense = chainer.as_variable(a) if transa else _swap_last(chainer.as_variable(a))
        y = CooMatMul(out_idx, in_idx, n_out, n_in).apply((b.data, dense))[0]
        return _swap_last(y)
    raise ValueError(
        "sparse_matmul: one operand must be a chainer.utils.CooMatrix and the other a "
        f"Variable or an array; got a: {type(a).__name__}, b: {type(b).__name__}"
    )
