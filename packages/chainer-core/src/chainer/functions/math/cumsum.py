"""cumsum: the cumulative sum along an axis."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _axes
from chainer.utils import type_check


def _reverse_cumsum(x, axis):
    reverse = (slice(None),) * axis + (slice(None, None, -1),)
    return chainer.functions.get_item(Cumsum(axis).apply((x[reverse],))[0], reverse)


class Cumsum(FunctionNode):
    """Cumulative sum along ``axis``; the gradient is the cumulative sum from the end."""

    def __init__(self, axis):
        self.axis = _axes.single_axis_arg("cumsum", axis)
        if self.axis is None:
            raise TypeError("cumsum: Cumsum needs an int axis (flatten the input for None)")

    @property
    def label(self):
        return "cumsum"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, (self.axis,))

    def forward(self, inputs):
        (x,) = inputs
        (self._axis,) = _axes.resolve_axes("cumsum", (self.axis,), x.ndim)
        xp = chainer.backend.get_array_module(x)
        return (xp.cumsum(x, axis=self._axis),)

    def backward(self, indexes, grad_outputs):
        return (_reverse_cumsum(grad_outputs[0], self._axis),)


def cumsum(x, axis=None):
    """Cumulative sum of the elements along ``axis``.

    Args:
        x (Variable or array): a floating-point input.
        axis (None or int): the axis of the sums; None flattens ``x`` first.

    Returns:
        Variable: the running sums, of ``x``'s shape (1-D of length
        ``x.size`` when ``axis`` is None) and dtype.

    Raises:
        TypeError: if ``axis`` is neither None nor an int.
    """
    axis = _axes.single_axis_arg("cumsum", axis)
    if axis is None:
        x = chainer.functions.reshape(x, (x.size,))
        axis = 0
    return Cumsum(axis).apply((x,))[0]
