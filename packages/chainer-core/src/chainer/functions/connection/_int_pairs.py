"""Parsing of ``int or pair of ints`` arguments (strides, paddings, kernel sizes)."""

from __future__ import annotations

import numpy


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def int_pair(value, func, name, minimum=None, nonzero=False):
    """``(a, b)`` from an int or a pair of ints, or a TypeError/ValueError naming ``name``.

    Args:
        value: the argument.
        func (str): the public function's name, for messages.
        name (str): the argument's name, for messages.
        minimum (int or None): the least value allowed for each entry.
        nonzero (bool): reject zero entries.
    """
    if _is_int(value):
        pair = (int(value), int(value))
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(map(_is_int, value)):
        pair = (int(value[0]), int(value[1]))
    else:
        raise TypeError(f"{func}: {name} must be an int or a pair of ints, not {value!r}")
    if minimum is not None and min(pair) < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, got {value!r}")
    if nonzero and 0 in pair:
        raise ValueError(f"{func}: {name} must not be 0, got {value!r}")
    return pair
