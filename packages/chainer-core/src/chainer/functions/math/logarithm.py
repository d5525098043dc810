"""Logarithms to the bases 2 and 10 (``d log_b(x) = 1 / (x ln b)``).

Chainer v7 keeps these two in ``exponential.py``; they live here beside it.
"""

from __future__ import annotations

import math

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class _LogBase(FunctionNode):
    _ufunc = None
    _base = None

    @property
    def label(self):
        return self._ufunc

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (getattr(xp, self._ufunc)(x),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] / x * (1 / math.log(self._base)),)


class Log2(_LogBase):
    """Elementwise ``log2(x)``."""

    _ufunc = "log2"
    _base = 2


class Log10(_LogBase):
    """Elementwise ``log10(x)``."""

    _ufunc = "log10"
    _base = 10


def log2(x):
    """Elementwise logarithm to the base 2, :math:`y_i = \\log_2 x_i`.

    Args:
        x (Variable or array): a floating-point input (NaN where negative,
            minus infinity at 0).

    Returns:
        Variable: ``log2(x)``, same shape and dtype as ``x``.
    """
    return Log2().apply((x,))[0]


def log10(x):
    """Elementwise logarithm to the base 10, :math:`y_i = \\log_{10} x_i`.

    Args:
        x (Variable or array): a floating-point input (NaN where negative,
            minus infinity at 0).

    Returns:
        Variable: ``log10(x)``, same shape and dtype as ``x``.
    """
    return Log10().apply((x,))[0]
