"""Argument and type checks shared by the activation functions."""

from __future__ import annotations

import numbers

from chainer.utils import type_check


def check_float_input(in_types):
    """A single floating-point input named ``x``."""
    type_check._argname(in_types, ("x",))
    type_check.expect(in_types[0].dtype.kind == "f")


def check_param_input(in_types, param_name):
    """``x`` and a parameter whose shape is ``x.shape[1:1 + param.ndim]``, of x's dtype."""
    type_check._argname(in_types, ("x", param_name))
    x_type, p_type = in_types
    type_check.expect(
        x_type.dtype.kind == "f",
        p_type.dtype == x_type.dtype,
        x_type.ndim >= p_type.ndim + 1,
    )
    p_ndim = type_check.eval(p_type.ndim)
    type_check.expect(x_type.shape[1 : 1 + p_ndim] == p_type.shape)


def check_axis(in_types, axis):
    """``axis`` indexes a dimension of ``x``."""
    ndim = type_check.eval(in_types[0].ndim)
    if not -ndim <= axis < ndim:
        raise type_check.InvalidType(
            f"-x.ndim <= axis < x.ndim (axis == {axis})", f"x.ndim == {ndim}"
        )


def real(func, name, value):
    """``value`` if it is a real number (not a bool); TypeError naming it otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, not {type(value).__name__}")
    return value


def integer(func, name, value):
    """``value`` as an int if it is an integer (not a bool); TypeError naming it otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an int, not {type(value).__name__}")
    return int(value)


def param_axes(x_ndim, p_ndim):
    """The axes of ``x`` a parameter is broadcast over (axis 0 and those after it)."""
    return (0, *range(1 + p_ndim, x_ndim))


def param_shape(x_ndim, p_shape):
    """The parameter's shape with ones added so that it broadcasts against ``x`` from axis 1."""
    return (1, *p_shape, *(1,) * (x_ndim - 1 - len(p_shape)))
