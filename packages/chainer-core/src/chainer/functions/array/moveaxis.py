"""moveaxis: moves axes to new positions, keeping the order of the others."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _axis_tuple(axes, name):
    if isinstance(axes, (int, numpy.integer)) and not isinstance(axes, bool):
        return (int(axes),)
    if isinstance(axes, (tuple, list)) and all(
        isinstance(a, (int, numpy.integer)) and not isinstance(a, bool) for a in axes
    ):
        return tuple(int(a) for a in axes)
    raise TypeError(f"moveaxis: {name} must be an int or a tuple of ints, not {axes!r}")


class Moveaxis(FunctionNode):
    """Moves the axes ``source`` to the positions ``destination``."""

    def __init__(self, source, destination):
        self.source = _axis_tuple(source, "source")
        self.destination = _axis_tuple(destination, "destination")
        if len(self.source) != len(self.destination):
            raise ValueError(
                "moveaxis: source and destination must have the same number of axes, "
                f"got source={self.source} and destination={self.destination}"
            )

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f")
        for axis in self.source + self.destination:
            if axis >= 0:
                type_check.expect(axis < x_type.ndim)
            else:
                type_check.expect(-axis - 1 < x_type.ndim)
        ndim = type_check.eval(x_type.ndim)
        for name, axes in (("source", self.source), ("destination", self.destination)):
            normalized = [a % ndim for a in axes]
            if len(set(normalized)) != len(normalized):
                raise ValueError(f"moveaxis: repeated axis in {name} {axes} (x.ndim == {ndim})")

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(inputs[0])
        return (xp.moveaxis(inputs[0], self.source, self.destination),)

    def backward(self, indexes, grad_outputs):
        return Moveaxis(self.destination, self.source).apply(grad_outputs)


def moveaxis(x, source, destination):
    """Moves axes of ``x`` to new positions; the other axes keep their order.

    Args:
        x (Variable or array): a floating-point input.
        source (int or tuple of ints): the axes to move; unique.
        destination (int or tuple of ints): their new positions, one per
            source axis; unique.

    Returns:
        Variable: a view of ``x`` with permuted axes, same dtype.
    """
    return Moveaxis(source, destination).apply((x,))[0]
