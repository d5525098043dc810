"""cross_covariance: the cross-covariance matrix of two batches of features, or its penalty."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.loss import _loss_args
from chainer.functions.math.average import mean
from chainer.functions.math.matmul import matmul
from chainer.utils import type_check

_REDUCE = ("half_squared_sum", "no")


def centered(x):
    """``x`` minus its mean over axis 0, as a differentiable Variable."""
    return x - mean(x, axis=0, keepdims=True)


class CrossCovariance(FunctionNode):
    """``C = (y - mean(y)).T @ (z - mean(z)) / N``, or ``sum(C ** 2) / 2``."""

    def __init__(self, reduce="half_squared_sum"):
        self.reduce = _loss_args.check_reduce("cross_covariance", reduce, _REDUCE)

    @property
    def label(self):
        return "CrossCovariance"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("y", "z"))
        y_type, z_type = in_types
        type_check.expect(
            y_type.dtype.kind == "f",
            y_type.dtype == z_type.dtype,
            y_type.ndim == 2,
            z_type.ndim == 2,
            y_type.shape[0] == z_type.shape[0],
        )

    def forward(self, inputs):
        y, z = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(y)
        dtype = _loss_args.accum_dtype(y.dtype)
        y = y.astype(dtype, copy=False)
        z = z.astype(dtype, copy=False)
        y_c = y - y.mean(axis=0, keepdims=True)
        z_c = z - z.mean(axis=0, keepdims=True)
        cov = xp.matmul(y_c.T, z_c) / dtype.type(len(y))
        if self.reduce == "half_squared_sum":
            cov = xp.asarray(xp.vdot(cov, cov) * dtype.type(0.5))
        return (cov.astype(inputs[0].dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        y, z = self.get_retained_inputs()
        (gcost,) = grad_outputs
        n = len(y)
        y_c = centered(y)
        z_c = centered(z)
        if self.reduce == "half_squared_sum":
            gcov = matmul(y_c, z_c, transa=True) * (gcost * (1.0 / n))
        else:
            gcov = gcost
        # The centered inputs' columns sum to 0, so these are already centered.
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(matmul(z_c, gcov, transb=True) * (1.0 / n))
            else:
                ret.append(matmul(y_c, gcov) * (1.0 / n))
        return tuple(ret)


def cross_covariance(y, z, reduce="half_squared_sum"):
    """Cross-covariance of two batches of features, or half its squared Frobenius norm.

    ``C = (y - mean(y, 0)).T @ (z - mean(z, 0)) / N``; with
    ``reduce='half_squared_sum'`` the result is ``sum(C ** 2) / 2``, a penalty
    that decorrelates the two sets of features.

    Args:
        y (Variable or array): features of shape ``(N, M)``, floating point.
        z (Variable or array): features of shape ``(N, K)``, of ``y``'s dtype.
        reduce (str): ``'half_squared_sum'`` for the scalar penalty, ``'no'``
            for the ``(M, K)`` cross-covariance matrix.

    Returns:
        Variable: a 0-dim array or an ``(M, K)`` array, of ``y``'s dtype
        (float16 inputs are computed in float32).

    Raises:
        ValueError: if ``reduce`` is neither ``'half_squared_sum'`` nor ``'no'``.
    """
    return CrossCovariance(reduce).apply((y, z))[0]
