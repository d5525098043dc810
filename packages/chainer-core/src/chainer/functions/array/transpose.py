"""transpose: permutes the axes."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Transpose(FunctionNode):
    """Permutes the axes of the input (reverses them when ``axes`` is None)."""

    def __init__(self, axes=None):
        self.axes = axes

    @property
    def label(self):
        return "Transpose"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        if self.axes is not None:
            type_check.expect(in_types[0].ndim == len(self.axes))

    def forward(self, inputs):
        (x,) = inputs
        return (x.transpose(self.axes),)

    def backward(self, indexes, grad_outputs):
        if self.axes is None:
            inverse = None
        else:
            inverse = tuple(int(i) for i in numpy.argsort([a % len(self.axes) for a in self.axes]))
        return (Transpose(inverse).apply(grad_outputs)[0],)


def transpose(x, axes=None):
    """Permutes the dimensions of ``x``.

    Args:
        x (Variable or array): the input.
        axes (tuple of ints): the permutation; None reverses the axes.

    Returns:
        Variable: the transposed variable.
    """
    if axes is not None:
        axes = tuple(axes)
    return Transpose(axes).apply((x,))[0]
