"""Argument checks shared by the optimizers and the optimizer hooks.

Each check raises an error that names the owner (``"Adam"``), the argument,
what was expected and what came, and returns the value unchanged.
"""

from __future__ import annotations

import numbers

import numpy


def check_real(owner, name, value):
    """Checks that ``value`` is a real number (a bool is not).

    Args:
        owner (str): the class or function the argument belongs to.
        name (str): the argument's name.
        value: the value to check.

    Returns:
        The value.

    Raises:
        TypeError: if ``value`` is not a real number.
    """
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{owner}: {name} must be a real number, not {type(value).__name__} ({value!r})"
        )
    return value


def check_interval(owner, name, value, low, high, *, closed_high=True):
    """Checks that ``value`` is a real number in ``[low, high]`` (or ``[low, high)``).

    Args:
        owner (str): the class or function the argument belongs to.
        name (str): the argument's name.
        value: the value to check.
        low (float): the smallest accepted value.
        high (float): the upper end of the interval.
        closed_high (bool): whether ``high`` itself is accepted.

    Returns:
        The value.

    Raises:
        TypeError: if ``value`` is not a real number.
        ValueError: if it lies outside the interval (NaN always does).
    """
    check_real(owner, name, value)
    inside = low <= value <= high if closed_high else low <= value < high
    if not inside:
        bracket = "]" if closed_high else ")"
        raise ValueError(f"{owner}: {name} must be in [{low}, {high}{bracket}, not {value!r}")
    return value


def check_nonnegative(owner, name, value):
    """Checks that ``value`` is a real number ``>= 0``.

    Args:
        owner (str): the class or function the argument belongs to.
        name (str): the argument's name.
        value: the value to check.

    Returns:
        The value.

    Raises:
        TypeError: if ``value`` is not a real number.
        ValueError: if it is negative (or NaN).
    """
    check_real(owner, name, value)
    if not value >= 0:
        raise ValueError(f"{owner}: {name} must be >= 0, not {value!r}")
    return value


def check_bool(owner, name, value):
    """Checks that ``value`` is a bool (Python or NumPy).

    Args:
        owner (str): the class or function the argument belongs to.
        name (str): the argument's name.
        value: the value to check.

    Returns:
        bool: the value as a Python bool.

    Raises:
        TypeError: if ``value`` is not a bool.
    """
    if not isinstance(value, (bool, numpy.bool_)):
        raise TypeError(f"{owner}: {name} must be a bool, not {type(value).__name__} ({value!r})")
    return bool(value)


def check_eps_representable(owner, eps, dtype):
    """Checks that a non-zero ``eps`` does not round to zero in ``dtype``.

    Args:
        owner (str): the optimizer's name.
        eps (float): the hyperparameter.
        dtype: the dtype the update is computed in.

    Raises:
        ValueError: if ``eps != 0`` but ``dtype(eps) == 0``, e.g. ``1e-8`` in
            float16 (use ``optimizer.use_fp32_update()`` or a larger eps).
    """
    dtype = numpy.dtype(dtype)
    if eps != 0 and dtype.type(eps) == 0:
        raise ValueError(
            f"eps of {owner} optimizer is too small for {dtype.name} ({eps}): it rounds to "
            "zero; use a larger eps or optimizer.use_fp32_update()"
        )
