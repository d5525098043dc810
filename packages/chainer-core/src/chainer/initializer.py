"""The :class:`Initializer` base class and the fan-in/fan-out rule."""

from __future__ import annotations

import math

import numpy


class Initializer:
    """Base class of the objects that fill a parameter array in place.

    An initializer is called as ``initializer(array)`` and writes into the
    given array; it returns nothing.

    Args:
        dtype: the dtype this initializer is meant for, or None for any. When
            set, the array passed to ``__call__`` must have this dtype.

    Attributes:
        dtype (numpy.dtype or None): the dtype the initializer accepts.
    """

    def __init__(self, dtype=None):
        self.dtype = dtype

    def __call__(self, array):
        """Fills ``array`` in place.

        Args:
            array (numpy.ndarray or cupy.ndarray): the array to fill.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement __call__")

    def _check_dtype(self, array):
        if self.dtype is not None and numpy.dtype(array.dtype) != numpy.dtype(self.dtype):
            raise ValueError(
                f"{type(self).__name__} was made for dtype {numpy.dtype(self.dtype)}, "
                f"but the array to fill has dtype {array.dtype}"
            )


def get_fans(shape):
    """The fan-in and fan-out of a weight of the given shape.

    ``fan_in = shape[1] * prod(shape[2:])`` and
    ``fan_out = shape[0] * prod(shape[2:])`` (the layout of Linear and
    Convolution weights: ``(out, in, k1, k2, ...)``).

    Args:
        shape (tuple of ints): the weight's shape, of length 2 or more.

    Returns:
        tuple of ints: ``(fan_in, fan_out)``.

    Raises:
        ValueError: when ``shape`` is not a tuple or has fewer than 2 axes.
    """
    if not isinstance(shape, tuple):
        raise ValueError(f"shape must be a tuple, not {type(shape).__name__}")
    if len(shape) < 2:
        raise ValueError(f"shape must be of length >= 2 to compute fans: shape={shape}")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive
