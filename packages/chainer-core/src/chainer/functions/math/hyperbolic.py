"""Hyperbolic functions: cosh and sinh (``d cosh = sinh``, ``d sinh = cosh``)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class _HyperbolicBase(FunctionNode):
    _ufunc = None

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


class Cosh(_HyperbolicBase):
    """Elementwise ``cosh(x)``."""

    _ufunc = "cosh"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * sinh(x),)


class Sinh(_HyperbolicBase):
    """Elementwise ``sinh(x)``."""

    _ufunc = "sinh"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * cosh(x),)


def cosh(x):
    """Elementwise hyperbolic cosine, :math:`y_i = \\cosh x_i`.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``cosh(x)``, same shape and dtype as ``x``.
    """
    return Cosh().apply((x,))[0]


def sinh(x):
    """Elementwise hyperbolic sine, :math:`y_i = \\sinh x_i`.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``sinh(x)``, same shape and dtype as ``x``.
    """
    return Sinh().apply((x,))[0]
