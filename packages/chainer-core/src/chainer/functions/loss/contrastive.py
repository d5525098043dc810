"""contrastive: the contrastive loss of pairs labelled similar or dissimilar."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation.relu import relu
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.loss import _loss_args
from chainer.functions.math.maximum import maximum
from chainer.functions.math.sqrt import sqrt
from chainer.functions.math.sum import sum as _sum
from chainer.utils import type_check

# The distance is bounded below by this in the backward pass, where it divides.
_MIN_DISTANCE = 1e-7


class Contrastive(FunctionNode):
    """``y d**2 / 2 + (1 - y) max(margin - d, 0)**2 / 2`` with ``d = ||x0 - x1||`` per row.

    The gradient goes to ``x0`` and ``x1``, not to the labels ``y``.
    """

    def __init__(self, margin=1, reduce="mean"):
        self.margin = _loss_args.positive_real("contrastive", "margin", margin)
        self.reduce = _loss_args.check_reduce("contrastive", reduce, ("mean", "no"))

    @property
    def label(self):
        return "Contrastive"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x0", "x1", "y"))
        x0_type, x1_type, y_type = in_types
        type_check.expect(
            x0_type.dtype.kind == "f",
            x0_type.dtype == x1_type.dtype,
            y_type.dtype.kind == "i",
            x0_type.ndim == 2,
            x0_type.shape == x1_type.shape,
            y_type.ndim == 1,
            x0_type.shape[0] == y_type.shape[0],
            x0_type.shape[0] > 0,
        )

    def forward(self, inputs):
        x0, x1, y = inputs
        self.retain_inputs((0, 1, 2))
        xp = chainer.backend.get_array_module(x0)
        dtype = _loss_args.accum_dtype(x0.dtype)
        diff = (x0 - x1).astype(dtype, copy=False)
        dist_sq = (diff * diff).sum(axis=1)
        gap = xp.maximum(dtype.type(self.margin) - xp.sqrt(dist_sq), dtype.type(0))
        similar = y.astype(dtype)
        loss = (similar * dist_sq + (dtype.type(1) - similar) * gap * gap) * dtype.type(0.5)
        if self.reduce == "mean":
            loss = xp.asarray(loss.sum() * _loss_args.mean_coefficient(len(x0), dtype))
        return (loss.astype(x0.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x0, x1, y = self.get_retained_inputs()
        (gy,) = grad_outputs
        xp = chainer.backend.get_array_module(x0.array)
        similar = y.array.astype(x0.dtype)
        diff = x0 - x1
        dist = sqrt(_sum(diff * diff, axis=1))
        gap = relu(self.margin - dist)
        floor = xp.full(dist.shape, _MIN_DISTANCE, dtype=dist.dtype)
        # d loss / d x0 = diff * (y - (1 - y) * gap / dist) per row.
        coeff = gap / maximum(dist, floor) * (similar - 1) + similar
        if self.reduce == "mean":
            gy = gy * (1.0 / len(x0))
        gx0 = diff * expand_dims(coeff * gy, 1)
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def contrastive(x0, x1, y, margin=1, reduce="mean"):
    """Contrastive loss of pairs of feature vectors.

    With ``d = ||x0[i] - x1[i]||`` the loss of row ``i`` is ``d ** 2 / 2``
    for a similar pair (``y[i] == 1``) and ``max(margin - d, 0) ** 2 / 2`` for
    a dissimilar one (``y[i] == 0``).

    Args:
        x0 (Variable or array): features of shape ``(N, K)``, floating point,
            ``N > 0``.
        x1 (Variable or array): features of ``x0``'s shape and dtype.
        y (Variable or array): signed integer labels of shape ``(N,)``, 1 for
            similar and 0 for dissimilar pairs. It gets no gradient.
        margin (float): the distance beyond which dissimilar pairs cost
            nothing; positive.
        reduce (str): ``'mean'`` for the mean over the rows, ``'no'`` for the
            loss of each row.

    Returns:
        Variable: a 0-dim array (``'mean'``) or an array of shape ``(N,)``
        (``'no'``), of ``x0``'s dtype.

    Raises:
        TypeError: if ``margin`` is not a real number.
        ValueError: if ``margin`` is not positive or ``reduce`` is neither
            ``'mean'`` nor ``'no'``.
    """
    return Contrastive(margin, reduce).apply((x0, x1, y))[0]
