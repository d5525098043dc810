"""leaky_relu: ``x`` for ``x >= 0``, ``slope * x`` below."""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input, real
from chainer.functions.activation._masks import scale_where


class LeakyReLU(FunctionNode):
    """Elementwise leaky ReLU with a fixed ``slope`` for negative inputs.

    Args:
        slope (float): the slope for ``x < 0``.
    """

    def __init__(self, slope=0.2):
        self.slope = real("leaky_relu", "slope", slope)

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        # With a positive slope, y < 0 exactly where x < 0: the output serves
        # backward and the input can be freed. Otherwise keep the input.
        if self.slope > 0:
            self.retain_outputs((0,))
        else:
            self.retain_inputs((0,))
        return (scale_where(x < 0, x, x.dtype.type(self.slope)),)

    def backward(self, indexes, grad_outputs):
        if self.slope > 0:
            (v,) = self.get_retained_outputs()
        else:
            (v,) = self.get_retained_inputs()
        return LeakyReLUGrad(v.array < 0, self.slope).apply(grad_outputs)


class LeakyReLUGrad(FunctionNode):
    """``slope * gy`` where ``x < 0``, ``gy`` elsewhere; its gradient is itself.

    Args:
        negative (bool array): where ``x < 0``.
        slope (float): the slope for negative inputs.
    """

    def __init__(self, negative, slope):
        self.negative = negative
        self.slope = slope

    def forward(self, inputs):
        (gy,) = inputs
        return (scale_where(self.negative, gy, gy.dtype.type(self.slope)),)

    def backward(self, indexes, grad_outputs):
        return LeakyReLUGrad(self.negative, self.slope).apply(grad_outputs)


def leaky_relu(x, slope=0.2):
    """Leaky rectified linear unit: ``x`` if ``x >= 0``, else ``slope * x``.

    Args:
        x (Variable or array): a floating-point input of any shape.
        slope (float): the slope for negative inputs.

    Returns:
        Variable: the output, same shape and dtype as ``x``.

    Raises:
        TypeError: if ``slope`` is not a real number.
    """
    return LeakyReLU(slope).apply((x,))[0]
