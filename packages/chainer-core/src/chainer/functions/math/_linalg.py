"""Shared helpers of the dense linear-algebra ops (inv, det, cholesky).

``numpy.linalg`` and ``cupy.linalg`` do not take float16; those inputs are
computed in float32 and the result cast back. CuPy reports a singular or
non-positive-definite matrix only inside ``cupyx.errstate(linalg='raise')``,
so the GPU call runs in that state to raise ``LinAlgError`` as NumPy does.
"""

from __future__ import annotations

import contextlib

import numpy


def _raising(xp):
    if xp is numpy:
        return contextlib.nullcontext()
    import cupyx

    errstate = getattr(cupyx, "errstate", None)
    return contextlib.nullcontext() if errstate is None else errstate(linalg="raise")


def call(xp, name, a):
    """``xp.linalg.<name>(a)`` in ``a``'s dtype (float16 computed in float32).

    Args:
        xp: ``numpy`` or ``cupy``.
        name (str): The ``linalg`` function, e.g. ``'inv'``.
        a (array): A floating-point array of square matrices.

    Returns:
        array: The result as an array (never a NumPy scalar) of ``a``'s dtype.
    """
    dtype = a.dtype
    if dtype == numpy.float16:
        a = a.astype(numpy.float32)
    with _raising(xp):
        y = getattr(xp.linalg, name)(a)
    return xp.asarray(y, dtype=dtype)


def swap_last(x):
    """The variable with its last two axes swapped (differentiably)."""
    import chainer

    axes = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return chainer.functions.transpose(x, axes)
