"""Elementwise squared difference of two inputs."""

from __future__ import annotations

from chainer.function_node import FunctionNode
from chainer.utils import type_check


class SquaredDifference(FunctionNode):
    """``(x1 - x2) ** 2`` for two inputs of one float dtype and one shape."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x1", "x2"))
        type_check.expect(
            in_types.size() == 2,
            in_types[0].dtype.kind == "f",
            in_types[0].dtype == in_types[1].dtype,
            in_types[0].shape == in_types[1].shape,
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        difference = x1 - x2
        difference *= difference
        return (difference,)

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        gx1 = grad_outputs[0] * ((x1 - x2) * 2)
        ret = []
        for i in indexes:
            ret.append(gx1 if i == 0 else -gx1)
        return tuple(ret)


def squared_difference(x1, x2):
    """Elementwise squared difference, :math:`y_i = (x1_i - x2_i)^2`.

    Args:
        x1 (Variable or array): a floating-point array.
        x2 (Variable or array): an array of the same shape and dtype as ``x1``
            (no broadcasting).

    Returns:
        Variable: ``(x1 - x2) ** 2``, same shape and dtype as the inputs.
    """
    return SquaredDifference().apply((x1, x2))[0]
