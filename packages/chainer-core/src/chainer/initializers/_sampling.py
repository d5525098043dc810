"""Bilinear (n-linear) filters for upsampling deconvolutions and downsampling convolutions."""

from __future__ import annotations

import numpy

import cupy_lite
from chainer.initializer import Initializer


def _linear_filter(size, ndim, upsampling):
    """The ``ndim``-D tent kernel of width ``size`` (normalized to sum 1 for downsampling)."""
    factor = (size + 1) // 2
    center = factor - 1.0 if size % 2 == 1 else factor - 0.5
    filt = numpy.ones((size,) * ndim)
    tent = 1.0 - numpy.abs(numpy.arange(size) - center) / factor
    for axis in range(ndim):
        shape = [1] * ndim
        shape[axis] = size
        filt = filt * tent.reshape(shape)
    if not upsampling:
        filt = filt / filt.sum()
    return filt


class _SamplingFilter(Initializer):
    def __init__(self, upsampling, interpolation="linear", dtype=None):
        if interpolation != "linear":
            raise ValueError(f"unsupported interpolation {interpolation!r}: only 'linear'")
        self._upsampling = upsampling
        self.interpolation = interpolation
        super().__init__(dtype)

    def __call__(self, array):
        """Fills a ``(c, c, k, ..., k)`` or ``(c, 1, k, ..., k)`` filter array.

        Raises:
            ValueError: for fewer than 3 axes, unequal kernel sizes, or
                channel counts that are neither equal nor ``(c, 1)``.
        """
        self._check_dtype(array)
        if array.ndim < 3:
            raise ValueError(f"a sampling filter needs shape (c, c, k, ...), got {array.shape}")
        in_c, out_c = array.shape[:2]
        if not (in_c == out_c or out_c == 1):
            raise ValueError(
                f"the two channel axes must be equal or the second must be 1, got {array.shape}"
            )
        ksizes = set(array.shape[2:])
        if len(ksizes) != 1:
            raise ValueError(f"the kernel sizes must be all the same, got {array.shape[2:]}")
        filt = _linear_filter(ksizes.pop(), array.ndim - 2, self._upsampling)
        xp = cupy_lite.get_array_module(array)
        full = numpy.zeros(array.shape, dtype=numpy.float64)
        channels = numpy.arange(in_c)
        full[channels, 0 if out_c == 1 else channels] = filt
        device = cupy_lite.get_device_from_array(array)
        xp.copyto(array, device.send(full), casting="unsafe")


class UpsamplingDeconvFilter(_SamplingFilter):
    """Bilinear upsampling kernel for a :class:`~chainer.links.Deconvolution2D` weight.

    Channel ``i`` maps to channel ``i`` with the tent kernel (peak 1); other
    pairs get 0. The weight shape is ``(c, c, k, k)`` (or ``(c, 1, k, k)``);
    use stride ``s`` and ``k = 2 * s - s % 2`` for ``s``-fold upsampling.

    Args:
        interpolation (str): only ``'linear'``.
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, interpolation="linear", dtype=None):
        super().__init__(True, interpolation, dtype)


class DownsamplingConvFilter(_SamplingFilter):
    """Bilinear downsampling kernel for a :class:`~chainer.links.Convolution2D` weight.

    Like :class:`UpsamplingDeconvFilter`, with each kernel normalized to sum 1.

    Args:
        interpolation (str): only ``'linear'``.
        dtype: the dtype this initializer is meant for, or None.
    """

    def __init__(self, interpolation="linear", dtype=None):
        super().__init__(False, interpolation, dtype)
