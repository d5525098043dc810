"""The CPU backend (NumPy arrays), Chainer v7's ``chainer.backends.cpu``."""

from cupy_lite import CpuDevice

__all__ = ["CpuDevice"]
