"""r2_score: the coefficient of determination of a regression."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check

_MULTIOUTPUT = ("uniform_average", "raw_values")


class R2Score(FunctionNode):
    """``1 - SS_res / SS_tot`` along axis 0, per output; not differentiable."""

    def __init__(self, sample_weight=None, multioutput="uniform_average"):
        if sample_weight is not None:
            raise NotImplementedError("r2_score: sample_weight is not supported (pass None)")
        if multioutput not in _MULTIOUTPUT:
            raise ValueError(
                f"r2_score: multioutput must be 'uniform_average' or 'raw_values', "
                f"not {multioutput!r}"
            )
        self.multioutput = multioutput

    @property
    def label(self):
        return "R2Score"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("pred", "true"))
        pred_type, true_type = in_types
        type_check.expect(
            pred_type.dtype.kind == "f",
            true_type.dtype == pred_type.dtype,
            pred_type.ndim >= 1,
            true_type.shape == pred_type.shape,
        )

    def forward(self, inputs):
        pred, true = inputs
        xp = chainer.backend.get_array_module(pred)
        dtype = pred.dtype
        if dtype == numpy.float16:
            # Sums of squares overflow float16 easily; compute in float32.
            pred = pred.astype(numpy.float32)
            true = true.astype(numpy.float32)
        ss_res = ((pred - true) ** 2).sum(axis=0)
        ss_tot = ((true - true.mean(axis=0)) ** 2).sum(axis=0)
        nonzero = ss_tot != 0
        # A constant target (SS_tot == 0) scores 0.
        ratio = ss_res / xp.where(nonzero, ss_tot, ss_tot.dtype.type(1))
        score = xp.where(nonzero, 1 - ratio, ss_tot.dtype.type(0))
        if self.multioutput == "uniform_average":
            score = score.mean()
        return (xp.asarray(score, dtype=dtype),)

    def backward(self, indexes, grad_outputs):
        return (None,) * len(indexes)


def r2_score(pred, true, sample_weight=None, multioutput="uniform_average"):
    """R^2, the coefficient of determination, of predictions against targets.

    For each output (each index of the axes after the first),
    ``R^2 = 1 - sum_i (true_i - pred_i)^2 / sum_i (true_i - mean(true))^2``
    over the samples ``i`` on axis 0; a constant target gives 0.

    Args:
        pred (Variable or array): predictions of shape ``(N, ...)``, floating point.
        true (Variable or array): targets of ``pred``'s shape and dtype.
        sample_weight: must be None (sample weights are not supported).
        multioutput (str): ``'uniform_average'`` averages the scores of all
            outputs into a scalar; ``'raw_values'`` returns one per output.

    Returns:
        Variable: of ``pred``'s dtype, 0-dim for ``'uniform_average'``, of
        shape ``pred.shape[1:]`` for ``'raw_values'``. It has no gradient.

    Raises:
        NotImplementedError: when ``sample_weight`` is not None.
        ValueError: for an unknown ``multioutput``.
    """
    return R2Score(sample_weight, multioutput).apply((pred, true))[0]
