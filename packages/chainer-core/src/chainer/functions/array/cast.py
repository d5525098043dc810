"""cast: converts the dtype."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Cast(FunctionNode):
    """Casts the input to ``dtype``; the gradient is cast back."""

    def __init__(self, typ):
        self.type = numpy.dtype(typ)

    @property
    def label(self):
        return f"Cast({self.type})"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1)

    def forward(self, inputs):
        (x,) = inputs
        self._in_type = x.dtype
        return (x.astype(self.type, copy=False),)

    def backward(self, indexes, grad_outputs):
        return (cast(grad_outputs[0], self._in_type),)


def cast(x, typ):
    """Casts ``x`` to dtype ``typ``.

    Args:
        x (Variable or array): the input.
        typ (dtype or str): the new dtype.

    Returns:
        Variable: ``x`` as ``typ`` (``x`` itself when the dtype is already ``typ``).
    """
    if x.dtype == numpy.dtype(typ):
        return chainer.as_variable(x)
    return Cast(typ).apply((x,))[0]
