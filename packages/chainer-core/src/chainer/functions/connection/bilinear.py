"""bilinear: ``y_l = sum_jk e1_j e2_k W_jkl (+ e1 V1 + e2 V2 + b)``."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.connection.linear import _dot
from chainer.utils import type_check

_NAMES = ("e1", "e2", "W", "V1", "V2", "b")


def _flat(x):
    return x.reshape(x.shape[0], -1)


class BilinearFunction(FunctionNode):
    """The bilinear form of ``e1 (N, J)`` and ``e2 (N, K)`` with ``W (J, K, L)``.

    With six inputs, ``e1 @ V1 + e2 @ V2 + b`` is added. ``e1`` and ``e2`` of
    more than two axes are flattened after the first.
    """

    @property
    def label(self):
        return "BilinearFunction"

    def check_type_forward(self, in_types):
        n_in = type_check.eval(in_types.size())
        if n_in not in (3, 6):
            raise type_check.InvalidType("in_types.size in {3, 6}", f"in_types.size == {n_in}")
        type_check._argname(in_types, _NAMES[:n_in])
        e1_type, e2_type, w_type = in_types[:3]
        type_check.expect(
            e1_type.dtype.kind == "f",
            e2_type.dtype == e1_type.dtype,
            w_type.dtype == e1_type.dtype,
            e1_type.ndim >= 2,
            e2_type.ndim >= 2,
            w_type.ndim == 3,
            e1_type.shape[0] == e2_type.shape[0],
        )
        type_check.expect(
            type_check.prod(e1_type.shape[1:]) == w_type.shape[0],
            type_check.prod(e2_type.shape[1:]) == w_type.shape[1],
        )
        if n_in == 6:
            v1_type, v2_type, b_type = in_types[3:]
            type_check.expect(
                v1_type.dtype == e1_type.dtype,
                v2_type.dtype == e1_type.dtype,
                b_type.dtype == e1_type.dtype,
                v1_type.ndim == 2,
                v2_type.ndim == 2,
                b_type.ndim == 1,
                v1_type.shape[0] == w_type.shape[0],
                v1_type.shape[1] == w_type.shape[2],
                v2_type.shape[0] == w_type.shape[1],
                v2_type.shape[1] == w_type.shape[2],
                b_type.shape[0] == w_type.shape[2],
            )

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        e1 = _flat(inputs[0])
        e2 = _flat(inputs[1])
        W = inputs[2]
        n = e1.shape[0]
        j, k, l_out = W.shape
        dtype = e1.dtype
        # Contract the larger of J and K first, keeping the (N, min(J, K), L)
        # intermediate small: e1 (N, J) x W (J, K*L) -> (N, K, L), then e2
        # against the K axis as a batched row-times-matrix product.
        # The intermediate stays in float32 for float16 inputs.
        work = numpy.promote_types(dtype, numpy.float32)
        if k <= j:
            t = _dot(e1, W.reshape(j, k * l_out), work).reshape(n, k, l_out)
            y = _dot(e2[:, None, :], t, dtype)[:, 0]
        else:
            w_t = W.transpose(1, 0, 2).reshape(k, j * l_out)
            t = _dot(e2, w_t, work).reshape(n, j, l_out)
            y = _dot(e1[:, None, :], t, dtype)[:, 0]
        if len(inputs) == 6:
            V1, V2, b = inputs[3:]
            y += _dot(e1, V1, dtype)
            y += _dot(e2, V2, dtype)
            y += b
        return (y,)

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        inputs = self.get_retained_inputs()
        e1_in, e2_in, W = inputs[:3]
        (gy,) = grad_outputs
        n = e1_in.shape[0]
        j, k, l_out = W.shape
        e1 = F.reshape(e1_in, (n, j))
        e2 = F.reshape(e2_in, (n, k))

        def outer(a, b):
            # (N, P), (N, Q) -> (N, P * Q)
            p, q = a.shape[1], b.shape[1]
            prod = F.reshape(a, (n, p, 1)) * F.reshape(b, (n, 1, q))
            return F.reshape(prod, (n, p * q))

        ret = []
        for i in indexes:
            if i == 0:
                # ge1_j = sum_kl e2_k gy_l W_jkl
                ge1 = F.matmul(outer(e2, gy), F.reshape(W, (j, k * l_out)), transb=True)
                if len(inputs) == 6:
                    ge1 = ge1 + F.matmul(gy, inputs[3], transb=True)
                ret.append(F.reshape(ge1, e1_in.shape))
            elif i == 1:
                # ge2_k = sum_jl e1_j gy_l W_jkl
                w_t = F.reshape(F.transpose(W, (1, 0, 2)), (k, j * l_out))
                ge2 = F.matmul(outer(e1, gy), w_t, transb=True)
                if len(inputs) == 6:
                    ge2 = ge2 + F.matmul(gy, inputs[4], transb=True)
                ret.append(F.reshape(ge2, e2_in.shape))
            elif i == 2:
                # gW_jkl = sum_n e1_j e2_k gy_l
                gW = F.matmul(outer(e1, e2), gy, transa=True)
                ret.append(F.reshape(gW, (j, k, l_out)))
            elif i == 3:
                ret.append(F.matmul(e1, gy, transa=True))
            elif i == 4:
                ret.append(F.matmul(e2, gy, transa=True))
            else:
                ret.append(F.sum(gy, axis=0))
        return tuple(ret)


def bilinear(e1, e2, W, V1=None, V2=None, b=None):
    """Bilinear function of two batches of vectors.

    With ``e1`` of shape ``(N, J)``, ``e2`` of shape ``(N, K)`` and ``W`` of
    shape ``(J, K, L)``::

        y[n, l] = sum_jk e1[n, j] e2[n, k] W[j, k, l]
                  + sum_j e1[n, j] V1[j, l] + sum_k e2[n, k] V2[k, l] + b[l]

    where the last three terms are present only when ``V1``, ``V2`` and ``b``
    are given (all three or none). Inputs with more than two axes are
    flattened after the batch axis.

    Args:
        e1 (Variable or array): the left input, shape ``(N, J)`` (or
            ``(N, ...)`` with ``J`` elements per row), floating point.
        e2 (Variable or array): the right input, shape ``(N, K)`` (or
            ``(N, ...)``), of ``e1``'s dtype.
        W (Variable or array): the bilinear weight of shape ``(J, K, L)``.
        V1 (Variable or array): the linear weight of ``e1``, shape ``(J, L)``.
        V2 (Variable or array): the linear weight of ``e2``, shape ``(K, L)``.
        b (Variable or array): the bias, shape ``(L,)``.

    Returns:
        Variable: shape ``(N, L)`` and the dtype of ``e1``.
    """
    given = [v is not None for v in (V1, V2, b)]
    if any(given) and not all(given):
        missing = [name for name, g in zip(("V1", "V2", "b"), given) if not g]
        raise ValueError(
            "bilinear: V1, V2 and b must be given together or not at all; "
            f"missing {', '.join(missing)}"
        )
    args = (e1, e2, W, V1, V2, b) if all(given) else (e1, e2, W)
    return BilinearFunction().apply(args)[0]
