"""Chainer's default dtype: the ``mixed16`` sentinel and :func:`get_dtype`."""

import numpy


class _Mixed16:
    """Sentinel dtype meaning "float16 storage with float32 computation".

    ``numpy.dtype(mixed16)`` resolves to float16 through the ``dtype``
    attribute, so code that only needs a storage dtype keeps working.
    """

    dtype = numpy.dtype(numpy.float16)

    def __repr__(self):
        return "dtype('mixed16')"

    def __reduce__(self):
        # Unpickling must give back the very same sentinel (compared by identity).
        return "mixed16"


mixed16 = _Mixed16()


def get_dtype(dtype=None, map_mixed16=None):
    """Resolves Chainer's default dtype.

    Args:
        dtype: Dtype specifier. When given (not ``None``), it is normalized by
            ``numpy.dtype`` and returned.
        map_mixed16: Dtype specifier used when the resolved dtype is
            :data:`mixed16`. ``None`` means float16.

    Returns:
        numpy.dtype: ``dtype`` or ``chainer.config.dtype``, normalized.
    """
    if dtype is None:
        from chainer.configuration import config

        dtype = config.dtype
    if dtype is mixed16 and map_mixed16 is not None:
        dtype = map_mixed16
    return numpy.dtype(dtype)
