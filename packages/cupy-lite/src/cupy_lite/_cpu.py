"""The CPU device, ``'@numpy'``."""

from __future__ import annotations

import numpy

from cupy_lite import _device
from cupy_lite._cuda_support import imported_cupy


class CpuDevice(_device.Device):
    """The CPU, with NumPy arrays (``'@numpy'``).

    All instances are equal; ``xp`` is ``numpy``.
    """

    def __init__(self) -> None:
        super().__init__("@numpy", numpy)

    @property
    def supported_array_types(self) -> tuple[type, ...]:
        return (numpy.ndarray,)

    def send_array(self, arr):
        """Returns ``arr`` as a NumPy array (a copy to host memory for a GPU array)."""
        if isinstance(arr, numpy.ndarray):
            return arr
        cupy = imported_cupy()
        if cupy is not None and isinstance(arr, cupy.ndarray):
            return arr.get()
        return numpy.asarray(arr)

    @staticmethod
    def from_array(arr) -> CpuDevice | None:
        """Returns the CPU device if ``arr`` is a NumPy array, else None."""
        return CPU if isinstance(arr, numpy.ndarray) else None


CPU = CpuDevice()
_device._State.current = CPU
