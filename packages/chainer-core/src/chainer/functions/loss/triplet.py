"""triplet: the triplet margin loss of anchor, positive and negative examples."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.loss import _loss_args
from chainer.utils import type_check


class Triplet(FunctionNode):
    """``max(||a - p||**2 - ||a - n||**2 + margin, 0)`` per row."""

    def __init__(self, margin=0.2, reduce="mean"):
        self.margin = _loss_args.positive_real("triplet", "margin", margin)
        self.reduce = _loss_args.check_reduce("triplet", reduce, ("mean", "no"))
        self.active = None

    @property
    def label(self):
        return "Triplet"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("anchor", "positive", "negative"))
        type_check.expect(in_types[0].ndim == 2, in_types[0].shape[0] > 0)

    def forward(self, inputs):
        anchor, positive, negative = inputs
        self.retain_inputs((0, 1, 2))
        xp = chainer.backend.get_array_module(anchor)
        dtype = _loss_args.accum_dtype(anchor.dtype)
        pos = (anchor - positive).astype(dtype, copy=False)
        neg = (anchor - negative).astype(dtype, copy=False)
        dist = (pos * pos - neg * neg).sum(axis=1) + dtype.type(self.margin)
        self.active = dist > 0
        loss = xp.maximum(dist, dtype.type(0))
        if self.reduce == "mean":
            loss = xp.asarray(loss.sum() * _loss_args.mean_coefficient(len(anchor), dtype))
        return (loss.astype(anchor.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        anchor, positive, negative = self.get_retained_inputs()
        (gy,) = grad_outputs
        # The active-row mask is a constant: the loss is piecewise quadratic.
        scale = self.active.astype(anchor.dtype) * anchor.dtype.type(2)
        if self.reduce == "mean":
            scale *= anchor.dtype.type(1.0 / len(anchor))
        g = expand_dims(gy * scale, 1)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append((negative - positive) * g)
            elif i == 1:
                ret.append((positive - anchor) * g)
            else:
                ret.append((anchor - negative) * g)
        return tuple(ret)


def triplet(anchor, positive, negative, margin=0.2, reduce="mean"):
    """Triplet loss: pull the positive toward the anchor and push the negative away.

    The loss of row ``i`` is
    ``max(||anchor[i] - positive[i]|| ** 2 - ||anchor[i] - negative[i]|| ** 2 + margin, 0)``.

    Args:
        anchor (Variable or array): features of shape ``(N, K)``, floating
            point, ``N > 0``.
        positive (Variable or array): features similar to the anchors, of
            ``anchor``'s shape and dtype.
        negative (Variable or array): features dissimilar to the anchors, of
            ``anchor``'s shape and dtype.
        margin (float): the margin by which negatives must be farther than
            positives; positive.
        reduce (str): ``'mean'`` for the mean over the rows, ``'no'`` for the
            loss of each row.

    Returns:
        Variable: a 0-dim array (``'mean'``) or an array of shape ``(N,)``
        (``'no'``), of ``anchor``'s dtype.

    Raises:
        TypeError: if ``margin`` is not a real number.
        ValueError: if ``margin`` is not positive or ``reduce`` is neither
            ``'mean'`` nor ``'no'``.
    """
    return Triplet(margin, reduce).apply((anchor, positive, negative))[0]
