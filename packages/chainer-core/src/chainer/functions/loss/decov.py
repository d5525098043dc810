"""decov: the DeCov penalty on the off-diagonal covariance of hidden activations."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.transpose import transpose
from chainer.functions.loss import _loss_args
from chainer.functions.loss.cross_covariance import centered
from chainer.functions.math.matmul import matmul
from chainer.utils import type_check

_REDUCE = ("half_squared_sum", "no")


class DeCov(FunctionNode):
    """``C = (h - mean(h)).T @ (h - mean(h)) / N``, or half the squared sum of its off-diagonal."""

    def __init__(self, reduce="half_squared_sum"):
        self.reduce = _loss_args.check_reduce("decov", reduce, _REDUCE)

    @property
    def label(self):
        return "DeCov"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("h",))
        type_check.expect(in_types[0].dtype.kind == "f", in_types[0].ndim == 2)

    def forward(self, inputs):
        (h,) = inputs
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(h)
        dtype = _loss_args.accum_dtype(h.dtype)
        h = h.astype(dtype, copy=False)
        h_c = h - h.mean(axis=0, keepdims=True)
        cov = xp.matmul(h_c.T, h_c) / dtype.type(len(h))
        if self.reduce == "half_squared_sum":
            diag = xp.diagonal(cov)
            cov = xp.asarray((xp.vdot(cov, cov) - xp.vdot(diag, diag)) * dtype.type(0.5))
        return (cov.astype(inputs[0].dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        (h,) = self.get_retained_inputs()
        (gcost,) = grad_outputs
        xp = chainer.backend.get_array_module(h.array)
        n = len(h)
        h_c = centered(h)
        if self.reduce == "half_squared_sum":
            m = h.shape[1]
            off_diagonal = (1 - xp.eye(m)).astype(h.dtype)
            cov = matmul(h_c, h_c, transa=True)
            # d cost / d cov is the off-diagonal covariance, a symmetric matrix.
            gcov = cov * (gcost * (off_diagonal * h.dtype.type(1.0 / n)))
            return (matmul(h_c, gcov) * (2.0 / n),)
        return (matmul(h_c, gcost + transpose(gcost)) * (1.0 / n),)


def decov(h, reduce="half_squared_sum"):
    """DeCov loss: penalizes the covariance between different hidden units.

    With ``C = (h - mean(h, 0)).T @ (h - mean(h, 0)) / N``, the loss is half
    the squared sum of ``C``'s off-diagonal elements (Cogswell et al., 2016,
    "Reducing Overfitting in Deep Networks by Decorrelating Representations").

    Args:
        h (Variable or array): activations of shape ``(N, M)``, floating point.
        reduce (str): ``'half_squared_sum'`` for the scalar loss, ``'no'`` for
            the ``(M, M)`` covariance matrix (diagonal included).

    Returns:
        Variable: a 0-dim array or an ``(M, M)`` array, of ``h``'s dtype
        (float16 inputs are computed in float32).

    Raises:
        ValueError: if ``reduce`` is neither ``'half_squared_sum'`` nor ``'no'``.
    """
    return DeCov(reduce).apply((h,))[0]
