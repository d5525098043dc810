"""Trigonometric functions and their inverses: sin, cos, tan, arcsin, arccos, arctan, arctan2.

Every backward is written with differentiable functions, so higher-order
gradients work:

* ``d sin(x) = cos(x)``, ``d cos(x) = -sin(x)``, ``d tan(x) = 1 + tan(x)^2``
* ``d arcsin(x) = 1 / sqrt(1 - x^2)``, ``d arccos(x) = -1 / sqrt(1 - x^2)``,
  ``d arctan(x) = 1 / (1 + x^2)``
* ``arctan2(x1, x2)``: ``d/dx1 = x2 / (x1^2 + x2^2)``, ``d/dx2 = -x1 / (x1^2 + x2^2)``
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math.sqrt import rsqrt
from chainer.functions.math.square import square
from chainer.utils import type_check


def _check_float_unary(in_types):
    type_check._argname(in_types, ("x",))
    type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")


class _UnaryUfunc(FunctionNode):
    """An elementwise op computed by the NumPy/CuPy function ``_ufunc`` of the same dtype."""

    _ufunc = None

    @property
    def label(self):
        return self._ufunc

    def check_type_forward(self, in_types):
        _check_float_unary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        return (getattr(xp, self._ufunc)(x),)


class Sin(_UnaryUfunc):
    """Elementwise ``sin(x)``."""

    _ufunc = "sin"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * cos(x),)


class Cos(_UnaryUfunc):
    """Elementwise ``cos(x)``."""

    _ufunc = "cos"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (-(grad_outputs[0] * sin(x)),)


class Tan(_UnaryUfunc):
    """Elementwise ``tan(x)``; backward uses the retained output."""

    _ufunc = "tan"

    def forward(self, inputs):
        (x,) = inputs
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        return (xp.tan(x),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        return (grad_outputs[0] * (square(y) + 1),)


class Arcsin(_UnaryUfunc):
    """Elementwise ``arcsin(x)`` (NaN outside ``[-1, 1]``)."""

    _ufunc = "arcsin"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] * rsqrt(1 - square(x)),)


class Arccos(_UnaryUfunc):
    """Elementwise ``arccos(x)`` (NaN outside ``[-1, 1]``)."""

    _ufunc = "arccos"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (-(grad_outputs[0] * rsqrt(1 - square(x))),)


class Arctan(_UnaryUfunc):
    """Elementwise ``arctan(x)``."""

    _ufunc = "arctan"

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (grad_outputs[0] / (square(x) + 1),)


class Arctan2(FunctionNode):
    """Elementwise ``arctan2(x1, x2)`` with broadcasting."""

    @property
    def label(self):
        return "arctan2"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x1", "x2"))
        type_check.expect(
            in_types.size() == 2,
            in_types[0].dtype.kind == "f",
            in_types[0].dtype == in_types[1].dtype,
        )
        type_check.expect_broadcast_shapes(in_types[0].shape, in_types[1].shape)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x1, x2 = inputs
        xp = chainer.backend.get_array_module(x1)
        return (xp.arctan2(x1, x2),)

    def backward(self, indexes, grad_outputs):
        x1, x2 = self.get_retained_inputs()
        gy_over_sqnorm = grad_outputs[0] / (square(x1) + square(x2))
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(gy_over_sqnorm * x2, x1.shape))
            else:
                ret.append(_sum_to(-(gy_over_sqnorm * x1), x2.shape))
        return tuple(ret)


def _sum_to(gx, shape):
    if gx.shape == shape:
        return gx
    return chainer.functions.sum_to(gx, shape)


def sin(x):
    """Elementwise sine, :math:`y_i = \\sin x_i`.

    Args:
        x (Variable or array): a floating-point input (radians).

    Returns:
        Variable: ``sin(x)``, same shape and dtype as ``x``.
    """
    return Sin().apply((x,))[0]


def cos(x):
    """Elementwise cosine, :math:`y_i = \\cos x_i`.

    Args:
        x (Variable or array): a floating-point input (radians).

    Returns:
        Variable: ``cos(x)``, same shape and dtype as ``x``.
    """
    return Cos().apply((x,))[0]


def tan(x):
    """Elementwise tangent, :math:`y_i = \\tan x_i`.

    Args:
        x (Variable or array): a floating-point input (radians).

    Returns:
        Variable: ``tan(x)``, same shape and dtype as ``x``.
    """
    return Tan().apply((x,))[0]


def arcsin(x):
    """Elementwise inverse sine, :math:`y_i = \\arcsin x_i`.

    Args:
        x (Variable or array): a floating-point input; values outside
            ``[-1, 1]`` give NaN. The gradient is infinite at ``-1`` and ``1``.

    Returns:
        Variable: angles in ``[-pi/2, pi/2]``, same shape and dtype as ``x``.
    """
    return Arcsin().apply((x,))[0]


def arccos(x):
    """Elementwise inverse cosine, :math:`y_i = \\arccos x_i`.

    Args:
        x (Variable or array): a floating-point input; values outside
            ``[-1, 1]`` give NaN. The gradient is infinite at ``-1`` and ``1``.

    Returns:
        Variable: angles in ``[0, pi]``, same shape and dtype as ``x``.
    """
    return Arccos().apply((x,))[0]


def arctan(x):
    """Elementwise inverse tangent, :math:`y_i = \\arctan x_i`.

    Args:
        x (Variable or array): a floating-point input.

    Returns:
        Variable: angles in ``(-pi/2, pi/2)``, same shape and dtype as ``x``.
    """
    return Arctan().apply((x,))[0]


def arctan2(x1, x2):
    """Elementwise angle of the point ``(x2, x1)``: the arctangent of ``x1 / x2`` by quadrant.

    The two inputs broadcast against each other like NumPy arrays; the
    gradient of a broadcast input is summed back to its shape.

    Args:
        x1 (Variable or array): the y-coordinates, a floating-point array.
        x2 (Variable or array): the x-coordinates, of the same dtype as ``x1``
            and a shape that broadcasts with ``x1``'s.

    Returns:
        Variable: angles in radians in ``[-pi, pi]``, of the broadcast shape
        and the inputs' dtype.
    """
    return Arctan2().apply((x1, x2))[0]
