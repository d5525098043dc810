"""Argument checks and dtype rules shared by the loss functions."""

from __future__ import annotations

import numbers

import numpy

from chainer.utils import type_check


def check_reduce(func, reduce, choices):
    """Raises ValueError naming ``func`` unless ``reduce`` is one of ``choices``."""
    if not isinstance(reduce, str) or reduce not in choices:
        options = " or ".join(repr(c) for c in choices)
        raise ValueError(f"{func}: reduce must be {options}, not {reduce!r}")
    return reduce


def positive_real(func, name, value):
    """``value`` if it is a real number above 0; TypeError or ValueError naming it otherwise."""
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, not {type(value).__name__}")
    if not value > 0:
        raise ValueError(f"{func}: {name} must be positive, but {value!r} was given")
    return float(value)


def accum_dtype(dtype):
    """The dtype sums accumulate in: float32 for float16 inputs, else the input's dtype."""
    dtype = numpy.dtype(dtype)
    return numpy.dtype(numpy.float32) if dtype == numpy.float16 else dtype


def mean_coefficient(count, dtype):
    """``1 / max(count, 1)`` as a scalar of ``dtype`` (for a Python int ``count``)."""
    return numpy.dtype(dtype).type(1.0 / max(int(count), 1))


def check_same_float(in_types, names):
    """Floating-point inputs named ``names``, all of one dtype and one shape."""
    type_check._argname(in_types, names)
    first = in_types[0]
    type_check.expect(first.dtype.kind == "f")
    for other in in_types[1:]:
        type_check.expect(other.dtype == first.dtype, other.shape == first.shape)
