"""fft and ifft: the discrete Fourier transform along the last axis, on (real, imag) pairs."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.variable import Variable


class FFT(FunctionNode):
    """``xp.fft.fft`` or ``xp.fft.ifft`` of ``real + 1j * imag`` along the last axis."""

    def __init__(self, method):
        if method not in ("fft", "ifft"):
            raise ValueError(f"FFT: method must be 'fft' or 'ifft', got {method!r}")
        self._method = method

    @property
    def label(self):
        return "FFT" if self._method == "fft" else "IFFT"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("real", "imag"))
        r_type, i_type = in_types
        type_check.expect(
            r_type.dtype.kind == "f",
            r_type.dtype == i_type.dtype,
            r_type.ndim > 0,
            r_type.shape == i_type.shape,
        )

    def forward(self, inputs):
        real, imag = inputs
        xp = chainer.backend.get_array_module(real)
        dtype = real.dtype
        ctype = numpy.complex128 if dtype == numpy.float64 else numpy.complex64
        z = real.astype(ctype) + imag.astype(ctype) * ctype(1j)
        y = getattr(xp.fft, self._method)(z)
        return y.real.astype(dtype), y.imag.astype(dtype)

    def backward(self, indexes, grad_outputs):
        # Both transforms M have M^H g = swap(M swap(g)), where swap(u + iv) = v + iu.
        gr, gi = grad_outputs
        if gr is None:
            gr = Variable(gi.xp.zeros_like(gi.array), requires_grad=False)
        if gi is None:
            gi = Variable(gr.xp.zeros_like(gr.array), requires_grad=False)
        gxi, gxr = FFT(self._method).apply((gi, gr))
        return gxr, gxi


def _split(x, name):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise TypeError(
            f"{name}: x must be a pair (real, imag) of arrays or Variables, got "
            f"{type(x).__name__}" + (f" of length {len(x)}" if isinstance(x, (tuple, list)) else "")
        )
    return tuple(x)


def fft(x):
    """One-dimensional discrete Fourier transform along the last axis.

    ``y[..., k] = sum_n x[..., n] exp(-2 pi i k n / N)`` (no normalization),
    where the complex input and output are given as (real, imag) pairs.

    Args:
        x (tuple): ``(real, imag)``, two Variables or arrays of one shape
            (at least one axis) and one floating-point dtype.

    Returns:
        tuple of Variable: ``(real, imag)`` of the transform, the shape and
        dtype of the input (float16 and float32 are computed in complex64).
    """
    return FFT("fft").apply(_split(x, "fft"))


def ifft(x):
    """One-dimensional inverse discrete Fourier transform along the last axis.

    ``y[..., n] = (1 / N) sum_k x[..., k] exp(2 pi i k n / N)``, where the
    complex input and output are given as (real, imag) pairs.

    Args:
        x (tuple): ``(real, imag)``, two Variables or arrays of one shape
            (at least one axis) and one floating-point dtype.

    Returns:
        tuple of Variable: ``(real, imag)`` of the inverse transform, the shape
        and dtype of the input (float16 and float32 are computed in complex64).
    """
    return FFT("ifft").apply(_split(x, "ifft"))
