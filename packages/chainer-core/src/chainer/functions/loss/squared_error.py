"""squared_error: elementwise ``(x0 - x1) ** 2``."""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.functions.loss import _loss_args


class SquaredError(FunctionNode):
    """Elementwise squared difference of two arrays of one shape."""

    @property
    def label(self):
        return "SquaredError"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("x0", "x1"))

    def forward(self, inputs):
        x0, x1 = inputs
        self.retain_inputs((0, 1))
        diff = x0 - x1
        return (diff * diff,)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        gx0 = (x0 - x1) * grad_outputs[0] * 2.0
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def squared_error(x0, x1):
    """Elementwise squared error, ``(x0 - x1) ** 2``.

    Args:
        x0 (Variable or array): a floating-point array.
        x1 (Variable or array): an array of ``x0``'s shape and dtype.

    Returns:
        Variable: the squared differences, of the inputs' shape and dtype.
    """
    return SquaredError().apply((x0, x1))[0]
