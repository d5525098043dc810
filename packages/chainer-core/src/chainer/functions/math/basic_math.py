"""Arithmetic on Variables: ``+ - * / ** @``, unary ``-`` and ``abs``.

Binary ops between Variables broadcast like NumPy; the gradient of a
broadcast input is summed back to its shape. A Python or NumPy scalar operand
is cast to the Variable's dtype (so ``x * 2.0`` keeps float16 as float16), and
an array operand becomes a Variable that needs no gradient.
"""

from __future__ import annotations

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.variable import Variable


def _sum_to(gx, shape):
    if gx.shape == shape:
        return gx
    return chainer.functions.sum_to(gx, shape)


def _check_binary(in_types, op_names=("lhs", "rhs")):
    type_check._argname(in_types, op_names)
    type_check.expect(in_types.size() == 2, in_types[0].dtype == in_types[1].dtype)
    type_check.expect_broadcast_shapes(in_types[0].shape, in_types[1].shape)


def _check_unary(in_types):
    type_check._argname(in_types, ("x",))
    type_check.expect(in_types.size() == 1)


def _check_float_unary(in_types):
    _check_unary(in_types)
    type_check.expect(in_types[0].dtype.kind == "f")


def _scalar_str(value):
    return str(value) if numpy.isscalar(value) else f"constant {type(value).__name__}"


# -- addition -----------------------------------------------------------------


class Add(FunctionNode):
    """``lhs + rhs`` with broadcasting."""

    @property
    def label(self):
        return "_ + _"

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return (x0 + x1,)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        return tuple(_sum_to(gy, self._shapes[i]) for i in indexes)


class AddConstant(FunctionNode):
    """``x + value`` for a scalar ``value``."""

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return f"_ + {_scalar_str(self.value)}"

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        return (inputs[0] + self.value,)

    def backward(self, indexes, grad_outputs):
        return grad_outputs


class MultiAdd(FunctionNode):
    """The elementwise sum of any number of inputs of one dtype (with broadcasting)."""

    @property
    def label(self):
        return "_ + _ + ..."

    def check_type_forward(self, in_types):
        for i, in_type in enumerate(in_types):
            type_check._argname((in_type,), (f"x{i}",))
            type_check.expect(in_types[0].dtype == in_type.dtype)
        type_check.expect_broadcast_shapes(*[t.shape for t in in_types])

    def forward(self, inputs):
        self._shapes = [x.shape for x in inputs]
        y = inputs[0] + inputs[1]
        for x in inputs[2:]:
            if x.shape == y.shape:
                y += x
            else:
                y = y + x
        return (y,)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        return tuple(_sum_to(gy, self._shapes[i]) for i in indexes)


def add(*xs):
    """Elementwise sum of the inputs (broadcast to a common shape).

    Args:
        *xs (Variable or array): inputs of one dtype.

    Returns:
        Variable: their sum.
    """
    if len(xs) == 0:
        raise ValueError("add needs at least one input")
    if len(xs) == 1:
        return chainer.as_variable(xs[0])
    if len(xs) == 2:
        return Add().apply(xs)[0]
    return MultiAdd().apply(xs)[0]


# -- subtraction -----------------------------------------------------------------


class Sub(FunctionNode):
    """``lhs - rhs`` with broadcasting."""

    @property
    def label(self):
        return "_ - _"

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return (x0 - x1,)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            g = gy if i == 0 else -gy
            ret.append(_sum_to(g, self._shapes[i]))
        return tuple(ret)


class SubFromConstant(FunctionNode):
    """``value - x`` for a scalar ``value``."""

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return f"{_scalar_str(self.value)} - _"

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        return (self.value - inputs[0],)

    def backward(self, indexes, grad_outputs):
        return (-grad_outputs[0],)


# -- multiplication --------------------------------------------------------------


class Mul(FunctionNode):
    """``lhs * rhs`` with broadcasting."""

    @property
    def label(self):
        return "_ * _"

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return (x0 * x1,)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(gy * x1, x0.shape))
            else:
                ret.append(_sum_to(gy * x0, x1.shape))
        return tuple(ret)


class MulConstant(FunctionNode):
    """``x * value`` for a scalar ``value``."""

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return f"_ * {_scalar_str(self.value)}"

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        return (inputs[0] * self.value,)

    def backward(self, indexes, grad_outputs):
        return MulConstant(self.value).apply(grad_outputs)


# -- division -----------------------------------------------------------------------


class Div(FunctionNode):
    """``lhs / rhs`` with broadcasting (floating-point inputs)."""

    @property
    def label(self):
        return "_ / _"

    def check_type_forward(self, in_types):
        _check_binary(in_types)
        type_check.expect(in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return (x0 / x1,)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        (gy,) = grad_outputs
        gx0 = gy / x1
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(gx0, x0.shape))
            else:
                ret.append(_sum_to(-gx0 * x0 / x1, x1.shape))
        return tuple(ret)


class DivFromConstant(FunctionNode):
    """``value / x`` for a scalar ``value``."""

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return f"{_scalar_str(self.value)} / _"

    def check_type_forward(self, in_types):
        _check_float_unary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (self.value / inputs[0],)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return (-self.value * grad_outputs[0] / (x * x),)


# -- power --------------------------------------------------------------------------


class PowVarVar(FunctionNode):
    """``lhs ** rhs`` with broadcasting (floating-point inputs)."""

    @property
    def label(self):
        return "_ ** _"

    def check_type_forward(self, in_types):
        _check_binary(in_types)
        type_check.expect(in_types[0].dtype.kind == "f")

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        self.retain_outputs((0,))
        x0, x1 = inputs
        return (x0**x1,)

    def backward(self, indexes, grad_outputs):
        x0, x1 = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(gy * x1 * x0 ** (x1 - 1), x0.shape))
            else:
                ret.append(_sum_to(gy * y * chainer.functions.log(x0), x1.shape))
        return tuple(ret)


class PowVarConst(FunctionNode):
    """``x ** value`` for a scalar ``value``."""

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return f"_ ** {_scalar_str(self.value)}"

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (inputs[0] ** self.value,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        value = self.value
        if value == 2:
            return (gy * x * _same_type(2, x),)
        return (gy * (x ** (value - 1)) * value,)


class PowConstVar(FunctionNode):
    """``value ** x`` for a scalar ``value``."""

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return f"{_scalar_str(self.value)} ** _"

    def check_type_forward(self, in_types):
        _check_float_unary(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        x = inputs[0]
        return (x.dtype.type(self.value) ** x,)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        log_value = numpy.log(self.value)
        return (grad_outputs[0] * y * _same_type(log_value, y),)


# -- unary ---------------------------------------------------------------------------


class Neg(FunctionNode):
    """``-x``."""

    @property
    def label(self):
        return "-_"

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        return (-inputs[0],)

    def backward(self, indexes, grad_outputs):
        return (-grad_outputs[0],)


class Absolute(FunctionNode):
    """``|x|``; its gradient is ``sign(x)`` (0 at 0)."""

    @property
    def label(self):
        return "|_|"

    def check_type_forward(self, in_types):
        _check_float_unary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        return (abs(inputs[0]),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        sign = x.xp.sign(x.array)
        return (grad_outputs[0] * sign,)


# -- public functions and the Variable operators -------------------------------------


def _same_type(value, like):
    """``value`` as a scalar of ``like``'s dtype (NumPy 2 would otherwise promote)."""
    return like.dtype.type(value)


def _constant(x, value, op):
    """Checks a non-Variable operand; returns ('scalar', v) or ('array', Variable)."""
    kind = type(value)
    if kind is float or kind is int:
        dtype = x.dtype
        return dtype.type(value) if dtype.kind != "b" else value
    if isinstance(value, _array_types.ARRAY_TYPES):
        return Variable(value, requires_grad=False)
    if isinstance(value, (int, float, complex, numpy.generic)):
        return x.dtype.type(value) if x.dtype.kind != "b" else value
    raise TypeError(
        f"unsupported operand type for {op}: Variable and {type(value).__module__}."
        f"{type(value).__name__}; expected a Variable, an array or a scalar"
    )


def neg(self):
    """``-x``."""
    return Neg().apply((self,))[0]


def absolute(self):
    """Elementwise absolute value ``|x|``.

    Args:
        self (Variable or array): a floating-point input.

    Returns:
        Variable: ``|x|``, same shape and dtype.
    """
    return Absolute().apply((self,))[0]


def add_op(self, rhs):
    """``self + rhs``."""
    if isinstance(rhs, Variable):
        return Add().apply((self, rhs))[0]
    rhs = _constant(self, rhs, "+")
    if isinstance(rhs, Variable):
        return Add().apply((self, rhs))[0]
    return AddConstant(rhs).apply((self,))[0]


def sub(self, rhs):
    """``self - rhs``."""
    if isinstance(rhs, Variable):
        return Sub().apply((self, rhs))[0]
    rhs = _constant(self, rhs, "-")
    if isinstance(rhs, Variable):
        return Sub().apply((self, rhs))[0]
    return AddConstant(-rhs).apply((self,))[0]


def rsub(self, lhs):
    """``lhs - self``."""
    lhs = _constant(self, lhs, "-")
    if isinstance(lhs, Variable):
        return Sub().apply((lhs, self))[0]
    return SubFromConstant(lhs).apply((self,))[0]


def mul(self, rhs):
    """``self * rhs``."""
    if isinstance(rhs, Variable):
        return Mul().apply((self, rhs))[0]
    rhs = _constant(self, rhs, "*")
    if isinstance(rhs, Variable):
        return Mul().apply((self, rhs))[0]
    return MulConstant(rhs).apply((self,))[0]


def div(self, rhs):
    """``self / rhs``."""
    if isinstance(rhs, Variable):
        return Div().apply((self, rhs))[0]
    rhs = _constant(self, rhs, "/")
    if isinstance(rhs, Variable):
        return Div().apply((self, rhs))[0]
    return MulConstant(self.dtype.type(1) / rhs).apply((self,))[0]


def rdiv(self, lhs):
    """``lhs / self``."""
    lhs = _constant(self, lhs, "/")
    if isinstance(lhs, Variable):
        return Div().apply((lhs, self))[0]
    return DivFromConstant(lhs).apply((self,))[0]


def pow(self, rhs):  # noqa: A001 - the operator's name
    """``self ** rhs``."""
    if isinstance(rhs, Variable):
        return PowVarVar().apply((self, rhs))[0]
    rhs = _constant(self, rhs, "**")
    if isinstance(rhs, Variable):
        return PowVarVar().apply((self, rhs))[0]
    return PowVarConst(rhs).apply((self,))[0]


def rpow(self, lhs):
    """``lhs ** self``."""
    lhs = _constant(self, lhs, "**")
    if isinstance(lhs, Variable):
        return PowVarVar().apply((lhs, self))[0]
    return PowConstVar(lhs).apply((self,))[0]


def matmul_op(self, rhs):
    """``self @ rhs``."""
    return chainer.functions.matmul(self, rhs)


def rmatmul_op(self, lhs):
    """``lhs @ self``."""
    return chainer.functions.matmul(lhs, self)


def get_item_op(self, slices):
    """``self[slices]``."""
    return chainer.functions.get_item(self, slices)


def install_variable_arithmetics():
    """Gives :class:`~chainer.Variable` its arithmetic operators."""
    Variable.__neg__ = neg
    Variable.__abs__ = absolute
    Variable.__add__ = add_op
    Variable.__radd__ = add_op
    Variable.__sub__ = sub
    Variable.__rsub__ = rsub
    Variable.__mul__ = mul
    Variable.__rmul__ = mul
    Variable.__truediv__ = div
    Variable.__rtruediv__ = rdiv
    Variable.__pow__ = pow
    Variable.__rpow__ = rpow
    Variable.__matmul__ = matmul_op
    Variable.__rmatmul__ = rmatmul_op
    Variable.__getitem__ = get_item_op
