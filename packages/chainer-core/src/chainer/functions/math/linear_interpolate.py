"""linear_interpolate: ``p * x + (1 - p) * y`` elementwise."""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.utils import type_check


class LinearInterpolate(FunctionNode):
    """``p * x + (1 - p) * y`` for three inputs of one shape and float dtype."""

    @property
    def label(self):
        return "LinearInterpolate"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("p", "x", "y"))
        p_type, x_type, y_type = in_types
        type_check.expect(
            p_type.dtype.kind == "f",
            p_type.dtype == x_type.dtype,
            x_type.dtype == y_type.dtype,
            p_type.shape == x_type.shape,
            x_type.shape == y_type.shape,
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        p, x, y = inputs
        one = p.dtype.type(1)
        return (p * x + (one - p) * y,)

    def backward(self, indexes, grad_outputs):
        p, x, y = self.get_retained_inputs()
        (g,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(g * (x - y))
            elif i == 1:
                ret.append(g * p)
            else:
                ret.append(g * (1.0 - p))
        return tuple(ret)


def linear_interpolate(p, x, y):
    """Elementwise linear interpolation ``p * x + (1 - p) * y``.

    Args:
        p (Variable or array): the weights of ``x``, floating-point dtype.
        x (Variable or array): the first input, the shape and dtype of ``p``.
        y (Variable or array): the second input, the shape and dtype of ``p``.

    Returns:
        Variable: the interpolation, the shape and dtype of the inputs.
    """
    return LinearInterpolate().apply((p, x, y))[0]
