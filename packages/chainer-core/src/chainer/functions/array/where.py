"""where: chooses elements from ``x`` or ``y`` by a boolean condition."""

from __future__ import annotations

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.array.broadcast import sum_to
from chainer.utils import type_check
from chainer.variable import Variable


class Where(FunctionNode):
    """``xp.where(condition, x, y)`` with NumPy broadcasting of all three.

    The condition is a constant of the node (no gradient flows to it).
    """

    def __init__(self, condition):
        self.condition = condition

    @property
    def label(self):
        return "Where"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "y"))
        x_type, y_type = in_types
        condition = type_check.make_variable(
            type_check.TypeInfo(self.condition.shape, self.condition.dtype), "condition"
        )
        type_check.expect(condition.dtype.kind == "b", x_type.dtype == y_type.dtype)
        type_check.expect_broadcast_shapes(condition.shape, x_type.shape, y_type.shape)

    def forward(self, inputs):
        x, y = inputs
        self._in_shapes = (x.shape, y.shape)
        xp = chainer.backend.get_array_module(x, y)
        if chainer.backend.get_array_module(self.condition) is not xp:
            raise TypeError(
                f"where: condition is a {type(self.condition).__module__}."
                f"{type(self.condition).__name__} but x and y are {xp.__name__} arrays; "
                "move condition to their device first"
            )
        return (xp.where(self.condition, x, y),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        zero = gy.xp.zeros((), dtype=gy.dtype)
        ret = []
        for i in indexes:
            pair = (gy, zero) if i == 0 else (zero, gy)
            g = Where(self.condition).apply(pair)[0]
            ret.append(sum_to(g, self._in_shapes[i]))
        return tuple(ret)


def _is_array_like(value):
    return isinstance(value, (Variable,) + _array_types.ARRAY_TYPES)


def _scalar_as_array(value, other, name):
    if _is_array_like(value):
        return value
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(
        value, (int, float, numpy.integer, numpy.floating)
    ):
        raise TypeError(
            f"where: {name} must be a Variable, an array or a number, not {type(value).__name__}"
        )
    xp = chainer.backend.get_array_module(other)
    return xp.asarray(value, dtype=other.dtype)


def where(condition, x, y):
    """Chooses elements from ``x`` where ``condition`` is True and from ``y`` elsewhere.

    The three arguments broadcast together like ``numpy.where``'s.

    Args:
        condition (Variable or array): a boolean array (its gradient is not
            computed).
        x (Variable or array): the values where ``condition`` is True.
        y (Variable or array): the values where ``condition`` is False, of the
            dtype of ``x``. One of ``x`` and ``y`` may be a Python or NumPy
            number; it takes the dtype of the other.

    Returns:
        Variable: an array of the broadcast shape of the three and the dtype
        of ``x`` and ``y``.
    """
    if isinstance(condition, Variable):
        condition = condition.array
    if not isinstance(condition, _array_types.ARRAY_TYPES):
        raise TypeError(
            f"where: condition must be a boolean array or Variable, not {type(condition).__name__}"
        )
    if not _is_array_like(x) and not _is_array_like(y):
        raise TypeError("where: at least one of x and y must be a Variable or an array")
    x = _scalar_as_array(x, y, "x")
    y = _scalar_as_array(y, x, "y")
    return Where(condition).apply((x, y))[0]
