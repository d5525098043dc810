"""Shared code of the elementwise functions that have no gradient: floor, ceil, fix, sign.

As in Chainer v7 they return a Variable that is not part of the graph
(``requires_grad`` is False and it has no creator): backprop stops there.
The computation still runs as a :class:`~chainer.FunctionNode` (without
recording it), so inputs are type-checked and function hooks see the call.
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.variable import Variable


class NoGradElementwise(FunctionNode):
    """``xp.<_ufunc>(x)`` on a floating-point input, keeping its dtype; never recorded."""

    _ufunc = None

    @property
    def label(self):
        return self._ufunc

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        y = getattr(xp, self._ufunc)(x)
        if y.dtype != x.dtype:
            y = y.astype(x.dtype)
        return (y,)

    def backward(self, indexes, grad_outputs):
        raise RuntimeError(f"{self.label} has no gradient and is never part of a graph")


def apply_without_grad(node, x):
    """Applies ``node`` to ``x`` and returns its output detached from any graph."""
    with chainer.no_backprop_mode():
        y = node.apply((x,))[0]
    return Variable(y.array, requires_grad=False)
