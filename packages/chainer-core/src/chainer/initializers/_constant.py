"""Constant initializers: ``Constant``, ``Zero``, ``One``, ``NaN``, ``Identity``."""

from __future__ import annotations

import numpy

import cupy_lite
from chainer import _array_types
from chainer.initializer import Initializer


def _is_number(value):
    return numpy.isscalar(value) and not isinstance(value, (str, bytes))


class Constant(Initializer):
    """Fills an array with a constant scalar or (broadcast) array.

    Args:
        fill_value (scalar or array): the value; an array is broadcast to
            the filled array's shape and copied across devices if needed.
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, fill_value, dtype=None):
        if not (_is_number(fill_value) or isinstance(fill_value, _array_types.ARRAY_TYPES)):
            raise ValueError(
                "fill_value must be a scalar, a numpy.ndarray or a cupy.ndarray, "
                f"not {type(fill_value).__name__}"
            )
        self.fill_value = fill_value
        super().__init__(dtype)

    def __call__(self, array):
        """Fills ``array`` with the constant (cast to ``array.dtype``)."""
        self._check_dtype(array)
        device = cupy_lite.get_device_from_array(array)
        value = self.fill_value
        if isinstance(value, _array_types.ARRAY_TYPES):
            value = device.send(value)
        device.xp.copyto(array, value, casting="unsafe")

    def __repr__(self):
        return f"{type(self).__name__}(fill_value={self.fill_value!r}, dtype={self.dtype!r})"


class Zero(Constant):
    """Fills an array with zeros.

    Args:
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, dtype=None):
        super().__init__(0.0, dtype=dtype)


class One(Constant):
    """Fills an array with ones.

    Args:
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, dtype=None):
        super().__init__(1.0, dtype=dtype)


class NaN(Constant):
    """Fills an array with NaN (a float array), so that a missed initialization shows.

    Args:
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, dtype=None):
        super().__init__(numpy.nan, dtype=dtype)


class Identity(Initializer):
    """Fills a square 2-D array with ``scale`` times the identity matrix.

    Args:
        scale (float): the value on the diagonal.
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, scale=1.0, dtype=None):
        self.scale = scale
        super().__init__(dtype)

    def __call__(self, array):
        """Fills the ``(n, n)`` array ``array``.

        Raises:
            ValueError: when ``array`` is not 2-D and square.
        """
        self._check_dtype(array)
        if array.ndim != 2 or array.shape[0] != array.shape[1]:
            raise ValueError(
                f"Identity can only fill a square 2-D array, but the array has shape {array.shape}"
            )
        xp = cupy_lite.get_array_module(array)
        array[...] = self.scale * xp.identity(array.shape[0], dtype=array.dtype)
