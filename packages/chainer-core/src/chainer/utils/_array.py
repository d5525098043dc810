"""Small array helpers that keep results as arrays."""

import functools
import operator

import numpy


def force_array(x, dtype=None):
    """Makes sure that a value is an array, not a scalar.

    NumPy returns scalars from some operations on 0-dim arrays; functions must
    return arrays. CuPy arrays are returned unchanged (CuPy never returns scalars).

    Args:
        x: An array or a NumPy scalar.
        dtype: If given, the dtype of the result.

    Returns:
        The array.
    """
    if numpy.isscalar(x) or isinstance(x, numpy.generic):
        return numpy.asarray(x, dtype=dtype)
    if dtype is not None and x.dtype != dtype:
        return x.astype(dtype, copy=False)
    return x


def force_type(dtype, value):
    """Casts a value (scalar or array) to ``dtype`` when its dtype differs.

    Args:
        dtype: The target dtype.
        value: A Python or NumPy scalar, or an array.

    Returns:
        The value with dtype ``dtype``.
    """
    if numpy.isscalar(value):
        return numpy.dtype(dtype).type(value)
    if value.dtype != dtype:
        return value.astype(dtype, copy=False)
    return value


def size_of_shape(shape):
    """Returns the number of elements of an array of the given shape.

    Args:
        shape (tuple of int): The shape.

    Returns:
        int: The product of the dimensions (1 for ``()``).
    """
    return int(functools.reduce(operator.mul, shape, 1))
