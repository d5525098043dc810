"""Initializers: objects that fill parameter arrays (Chainer v7's ``chainer.initializers``)."""

from __future__ import annotations

import numpy

import chainer
from chainer import _array_types
from chainer.initializer import Initializer
from chainer.initializers._constant import Constant, Identity, NaN, One, Zero, _is_number
from chainer.initializers._orthogonal import Orthogonal
from chainer.initializers._random import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LeCunNormal,
    LeCunUniform,
    Normal,
    Uniform,
)
from chainer.initializers._sampling import DownsamplingConvFilter, UpsamplingDeconvFilter

__all__ = [
    "Constant",
    "DownsamplingConvFilter",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "Identity",
    "Initializer",
    "LeCunNormal",
    "LeCunUniform",
    "NaN",
    "Normal",
    "One",
    "Orthogonal",
    "Uniform",
    "UpsamplingDeconvFilter",
    "Zero",
    "generate_array",
]


def generate_array(initializer, shape, xp, dtype=None, device=None):
    """Allocates an array and fills it with an initializer.

    Args:
        initializer: a callable that fills an array in place.
        shape (int or tuple of ints): the shape of the new array.
        xp: the array module (``numpy`` or ``cupy``).
        dtype: the dtype; None takes the initializer's ``dtype`` attribute,
            and failing that ``chainer.get_dtype()`` (``config.dtype``).
        device: where to allocate (anything :func:`chainer.get_device`
            accepts); None means the CPU for ``numpy`` and the current GPU
            for ``cupy``.

    Returns:
        numpy.ndarray or cupy.ndarray: the filled array of ``shape`` and ``dtype``.

    Raises:
        ValueError: when ``dtype`` and the initializer's dtype differ, or when
            ``xp`` is not the device's array module.
    """
    own = getattr(initializer, "dtype", None)
    if dtype is not None and own is not None and numpy.dtype(dtype) != numpy.dtype(own):
        raise ValueError(
            f"dtype mismatch: generate_array was asked for {numpy.dtype(dtype)}, "
            f"but the initializer is for {numpy.dtype(own)}"
        )
    dtype = chainer.get_dtype(dtype if dtype is not None else own)
    if device is None:
        device = chainer.get_device(xp)
    else:
        device = chainer.get_device(device)
        if device.xp is not xp:
            raise ValueError(
                f"xp ({xp.__name__}) and device ({device}) are inconsistent: "
                f"the device's array module is {device.xp.__name__}"
            )
    if isinstance(shape, (int, numpy.integer)):
        shape = (int(shape),)
    with chainer.using_device(device):
        array = xp.empty(tuple(shape), dtype=dtype)
    initializer(array)
    return array


def _get_initializer(initializer):
    """Normalizes what links accept as an initializer.

    None gives :class:`LeCunNormal`, a scalar or an array gives
    :class:`Constant`, and any other callable is returned as it is.

    Raises:
        TypeError: for anything else.
    """
    if initializer is None:
        return LeCunNormal()
    if _is_number(initializer) or isinstance(initializer, _array_types.ARRAY_TYPES):
        return Constant(initializer)
    if not callable(initializer):
        raise TypeError(f"invalid type of initializer: {type(initializer).__name__}")
    return initializer
