"""Axis arguments of the reductions and scans: validation and normalization."""

from __future__ import annotations

import numbers

from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def axis_arg(func, axis):
    """Validates an ``axis`` argument that may be None, an int or a tuple of ints.

    Args:
        func (str): the public op name, for messages.
        axis: the argument.

    Returns:
        None or tuple of int: None, or the axes as given (not yet made non-negative).

    Raises:
        TypeError: for anything other than None, an int or a tuple of ints.
        ValueError: when the tuple repeats an axis.
    """
    if axis is None:
        return None
    if _is_int(axis):
        return (int(axis),)
    if isinstance(axis, tuple) and all(_is_int(a) for a in axis):
        axis = tuple(int(a) for a in axis)
        if len(set(axis)) != len(axis):
            raise ValueError(f"{func}: duplicate value in axis {axis}")
        return axis
    raise TypeError(f"{func}: axis must be None, an int or a tuple of ints, not {axis!r}")


def single_axis_arg(func, axis):
    """Validates an ``axis`` argument that may be None or an int.

    Returns:
        None or int: the axis as given.

    Raises:
        TypeError: for anything other than None or an int.
    """
    if axis is None:
        return None
    if _is_int(axis):
        return int(axis)
    raise TypeError(f"{func}: axis must be None or an int, not {axis!r}")


def check_axes_in_range(in_types, axes):
    """Type check: each of ``axes`` indexes a dimension of ``x`` (the first input)."""
    if axes is None:
        return
    ndim = type_check.eval(in_types[0].ndim)
    for axis in axes:
        if not -ndim <= axis < ndim:
            raise type_check.InvalidType(
                f"-x.ndim <= axis < x.ndim (axis == {axis})", f"x.ndim == {ndim}"
            )


def resolve_axes(func, axes, ndim):
    """The reduced axes as a sorted tuple of non-negative ints (all axes for None).

    Raises:
        ValueError: when an axis is out of range or two of them name the same
            dimension (such as 1 and -2 for a 3-dimensional input).
    """
    if axes is None:
        return tuple(range(ndim))
    for axis in axes:
        if not -ndim <= axis < ndim:
            raise ValueError(
                f"{func}: axis {axis} is out of range for an input of ndim {ndim} "
                f"(expected {-ndim} <= axis < {ndim})"
            )
    resolved = tuple(sorted(a % ndim for a in axes))
    if len(set(resolved)) != len(resolved):
        raise ValueError(f"{func}: axis {axes} names the same dimension twice (ndim {ndim})")
    return resolved


def keepdims_shape(in_shape, axes):
    """``in_shape`` with each of the (non-negative) ``axes`` set to length one."""
    return tuple(1 if i in axes else s for i, s in enumerate(in_shape))
