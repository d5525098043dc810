"""accuracy: the fraction of samples whose highest score is at the true label."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def check_scores_and_labels(in_types):
    """Type check shared by the classification metrics: scores ``y`` and labels ``t``.

    ``y`` is floating point with the classes on axis 1; ``t`` holds signed
    integer labels shaped like ``y`` without that axis (trailing axes of
    ``y`` beyond ``t``'s may be of length one).
    """
    type_check._argname(in_types, ("y", "t"))
    y_type, t_type = in_types
    type_check.expect(y_type.dtype.kind == "f", t_type.dtype.kind == "i", t_type.ndim >= 1)
    t_ndim = type_check.eval(t_type.ndim)
    type_check.expect(
        y_type.ndim >= t_type.ndim + 1,
        y_type.shape[0] == t_type.shape[0],
        y_type.shape[2 : t_ndim + 1] == t_type.shape[1:],
    )
    for i in range(t_ndim + 1, type_check.eval(y_type.ndim)):
        type_check.expect(y_type.shape[i] == 1)


def _check_ignore_label(ignore_label, name):
    if ignore_label is None:
        return
    if isinstance(ignore_label, bool) or not isinstance(ignore_label, (int, numpy.integer)):
        raise TypeError(f"{name}: ignore_label must be None or an int, not {ignore_label!r}")


class Accuracy(FunctionNode):
    """The share of correct argmax predictions; not differentiable."""

    def __init__(self, ignore_label=None):
        _check_ignore_label(ignore_label, "accuracy")
        self.ignore_label = ignore_label

    @property
    def label(self):
        return "Accuracy"

    def check_type_forward(self, in_types):
        check_scores_and_labels(in_types)

    def forward(self, inputs):
        y, t = inputs
        xp = chainer.backend.get_array_module(y)
        pred = y.argmax(axis=1).reshape(t.shape)
        correct = pred == t
        # No counted label (every one ignored, or an empty batch) gives 0.
        if self.ignore_label is None:
            acc = correct.mean() if t.size else 0.0
        else:
            valid = t != self.ignore_label
            total = valid.sum()
            count = (correct & valid).sum()
            acc = xp.where(total > 0, count / xp.maximum(total, 1), 0.0)
        return (xp.asarray(acc, dtype=y.dtype),)

    def backward(self, indexes, grad_outputs):
        return (None,) * len(indexes)


def accuracy(y, t, ignore_label=None):
    """Classification accuracy: how often the highest score is at the true label.

    Args:
        y (Variable or array): scores (or probabilities) of shape
            ``(N, C, ...)``, floating point; the predicted class is the argmax
            over axis 1.
        t (Variable or array): true labels of shape ``(N, ...)`` (``y``'s shape
            without axis 1), signed integers.
        ignore_label (int or None): labels equal to this value count neither
            as correct nor in the total.

    Returns:
        Variable: a 0-dim array of ``y``'s dtype, the number of correct
        predictions over the number of counted labels (0 when none is counted).
        It has no gradient.
    """
    return Accuracy(ignore_label).apply((y, t))[0]
