"""prod: the product of elements along axes."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _axes
from chainer.functions.math.cumprod import Cumprod, Shift
from chainer.utils import type_check


def _exclusive_products(x):
    """``out[j] = prod(x[k] for k != j)`` along axis 0, without dividing by ``x``."""
    forward = Cumprod(0).apply((x,))[0]
    before = Shift(0, 1, fill=1).apply((forward,))[0]
    backward = Cumprod(0).apply((x[::-1],))[0]
    after = Shift(0, 1, fill=1).apply((backward,))[0][::-1]
    return before * after


class Prod(FunctionNode):
    """Product over ``axis`` (all axes when None).

    The gradient of each element is the product of the other reduced
    elements, computed from running products from both ends, so it is exact
    where the input has zeros.
    """

    def __init__(self, axis=None, keepdims=False):
        self.axis = _axes.axis_arg("prod", axis)
        self.keepdims = bool(keepdims)

    @property
    def label(self):
        return "prod"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, self.axis)

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        self._axes = _axes.resolve_axes("prod", self.axis, x.ndim)
        xp = chainer.backend.get_array_module(x)
        return (xp.asarray(x.prod(axis=self._axes, keepdims=self.keepdims)),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        F = chainer.functions
        axes = self._axes
        gy = F.broadcast_to(
            F.reshape(grad_outputs[0], _axes.keepdims_shape(x.shape, axes)), x.shape
        )
        if x.size == 0:
            return (gy,)
        kept = tuple(a for a in range(x.ndim) if a not in axes)
        order = axes + kept
        moved = F.transpose(x, order) if order != tuple(range(x.ndim)) else x
        moved_shape = moved.shape
        n_reduced = 1
        for a in axes:
            n_reduced *= x.shape[a]
        flat = F.reshape(moved, (n_reduced,) + tuple(x.shape[a] for a in kept))
        others = F.reshape(_exclusive_products(flat), moved_shape)
        if order != tuple(range(x.ndim)):
            others = F.transpose(others, tuple(int(i) for i in numpy.argsort(order)))
        return (others * gy,)


def prod(x, axis=None, keepdims=False):
    """Product of the elements over ``axis``.

    The gradient is exact also where ``x`` has zeros (it never divides by
    ``x``).

    Args:
        x (Variable or array): a floating-point input.
        axis (None, int or tuple of ints): the axes to multiply over (all
            when None).
        keepdims (bool): keep the reduced axes with length one.

    Returns:
        Variable: the products, of ``x``'s dtype.

    Raises:
        TypeError: if ``axis`` is not None, an int or a tuple of ints.
        ValueError: if ``axis`` names a dimension twice.
    """
    return Prod(axis, keepdims).apply((x,))[0]
