"""binary_accuracy: accuracy of sign predictions against 0/1 labels."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class BinaryAccuracy(FunctionNode):
    """The share of entries where ``y >= 0`` agrees with ``t == 1``; not differentiable.

    Labels equal to -1 are ignored.
    """

    ignore_label = -1

    @property
    def label(self):
        return "BinaryAccuracy"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("y", "t"))
        y_type, t_type = in_types
        type_check.expect(
            y_type.dtype.kind == "f", t_type.dtype.kind == "i", t_type.shape == y_type.shape
        )

    def forward(self, inputs):
        y, t = inputs
        xp = chainer.backend.get_array_module(y)
        predicted = y >= 0
        # A label of -1 never equals a boolean prediction, so it is never correct.
        correct = (predicted == t).sum()
        count = (t != self.ignore_label).sum()
        acc = xp.where(count > 0, correct / xp.maximum(count, 1), 0.0)
        return (xp.asarray(acc, dtype=y.dtype),)

    def backward(self, indexes, grad_outputs):
        return (None,) * len(indexes)


def binary_accuracy(y, t):
    """Accuracy of binary predictions: ``y >= 0`` predicts class 1.

    Args:
        y (Variable or array): scores (logits) of any shape, floating point.
        t (Variable or array): labels of ``y``'s shape, signed integers: 1 or
            0, or -1 for an entry to ignore.

    Returns:
        Variable: a 0-dim array of ``y``'s dtype, the number of correct
        predictions over the number of labels that are not -1 (0 when all
        are -1). It has no gradient.
    """
    return BinaryAccuracy().apply((y, t))[0]
