"""absolute_error: elementwise ``|x0 - x1|``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.loss import _loss_args


class AbsoluteError(FunctionNode):
    """Elementwise absolute difference of two arrays of one shape."""

    @property
    def label(self):
        return "AbsoluteError"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("x0", "x1"))

    def forward(self, inputs):
        x0, x1 = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x0)
        return (xp.abs(x0 - x1),)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        xp = chainer.backend.get_array_module(x0.array)
        # The sign is a constant: the gradient is piecewise constant in x0, x1.
        gx0 = grad_outputs[0] * xp.sign(x0.array - x1.array)
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def absolute_error(x0, x1):
    """Elementwise absolute error, ``|x0 - x1|``.

    Args:
        x0 (Variable or array): a floating-point array.
        x1 (Variable or array): an array of ``x0``'s shape and dtype.

    Returns:
        Variable: the absolute differences, of the inputs' shape and dtype.
    """
    return AbsoluteError().apply((x0, x1))[0]
