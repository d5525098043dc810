"""exp and log."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_float(in_types):
    type_check._argname(in_types, ("x",))
    type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")


class Exp(FunctionNode):
    """Elementwise ``exp(x)``."""

    @property
    def label(self):
        return "exp"

    def check_type_forward(self, in_types):
        _check_float(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(inputs[0])
        return (xp.exp(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * y,)


class Log(FunctionNode):
    """Elementwise natural logarithm."""

    @property
    def label(self):
        return "log"

    def check_type_forward(self, in_types):
        _check_float(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(inputs[0])
        return (xp.log(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] / x,)


def exp(x):
    """Elementwise exponential.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``exp(x)``, same shape and dtype.
    """
    return Exp().apply((x,))[0]


def log(x):
    """Elementwise natural logarithm.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``log(x)``, same shape and dtype.
    """
    return Log().apply((x,))[0]
