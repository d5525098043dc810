"""mean_absolute_error: the mean of ``|x0 - x1|``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.loss import _loss_args


class MeanAbsoluteError(FunctionNode):
    """The mean absolute difference of two arrays of one shape."""

    @property
    def label(self):
        return "MeanAbsoluteError"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("x0", "x1"))

    def forward(self, inputs):
        x0, x1 = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x0)
        dtype = _loss_args.accum_dtype(x0.dtype)
        total = xp.abs(x0 - x1).sum(dtype=dtype)
        loss = xp.asarray(total / dtype.type(x0.size))
        return (loss.astype(x0.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        xp = chainer.backend.get_array_module(x0.array)
        # The sign is a constant: the gradient is piecewise constant in x0, x1.
        sign = xp.sign(x0.array - x1.array)
        gx0 = grad_outputs[0] * (sign * sign.dtype.type(1.0 / max(x0.size, 1)))
        return tuple(gx0 if i == 0 else -gx0 for i in indexes)


def mean_absolute_error(x0, x1):
    """Mean absolute error, ``mean(|x0 - x1|)`` over all elements.

    Args:
        x0 (Variable or array): a floating-point array.
        x1 (Variable or array): an array of ``x0``'s shape and dtype.

    Returns:
        Variable: a 0-dim array of the inputs' dtype (float16 inputs are summed
        in float32).
    """
    return MeanAbsoluteError().apply((x0, x1))[0]
