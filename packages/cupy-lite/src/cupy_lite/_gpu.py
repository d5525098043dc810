"""The GPU devices, ``'@cupy:N'`` (CuPy on NVIDIA GPU ``N``)."""

from __future__ import annotations

import threading

import numpy

from cupy_lite import _cuda_support, _device


class GpuDevice(_device.Device):
    """One NVIDIA GPU through CuPy (``'@cupy:N'``).

    Args:
        device (int or cupy.cuda.Device): the CUDA device id ``N``, or CuPy's
            handle of the GPU (Chainer v7 passed the handle).

    Attributes:
        device_id (int): the CUDA device id.
        device (cupy.cuda.Device): CuPy's handle of the same GPU.

    Raises:
        CudaUnavailableError: where CuPy or a GPU is missing (with the pip line).
        ValueError: for an id that is not a GPU of this machine.
    """

    def __init__(self, device) -> None:
        device_id = getattr(device, "id", device)
        name = f"@cupy:{device_id}"
        if isinstance(device_id, bool) or not isinstance(device_id, (int, numpy.integer)):
            raise TypeError(f"GPU device id must be an int, got {device_id!r}")
        device_id = int(device_id)
        if device_id < 0:
            raise ValueError(f"GPU device id must be >= 0, got {device_id}")
        cupy = _cuda_support.require_cupy(repr(name))
        count = _cuda_support.device_count()
        if device_id >= count:
            raise ValueError(
                f"{name!r} asks for GPU {device_id}, but CuPy sees {count} GPU(s) on this "
                f"machine (valid: '@cupy:0' .. '@cupy:{count - 1}')"
            )
        super().__init__(name, cupy)
        self.device_id = device_id
        self.device = cupy.cuda.Device(device_id)

    @property
    def supported_array_types(self) -> tuple[type, ...]:
        return (self.xp.ndarray,)

    def is_array_supported(self, arr) -> bool:
        """Whether ``arr`` is a CuPy array on this very GPU."""
        return isinstance(arr, self.xp.ndarray) and arr.device.id == self.device_id

    def send_array(self, arr):
        """Returns ``arr`` on this GPU: a host-to-device copy for NumPy arrays, a
        device-to-device copy for CuPy arrays of another GPU, ``arr`` itself otherwise."""
        cupy = self.xp
        if isinstance(arr, cupy.ndarray):
            if arr.device.id == self.device_id:
                return arr
            with self.device:
                return arr.copy()  # CuPy copies to the current device
        with self.device:
            return cupy.asarray(numpy.asarray(arr))

    def use(self) -> None:
        """Makes this GPU current in this thread, for cupy-lite and for CuPy."""
        super().use()
        self.device.use()

    def _enter_backend(self):
        previous = self.xp.cuda.runtime.getDevice()
        self.device.use()
        return previous

    def _exit_backend(self, token) -> None:
        self.xp.cuda.runtime.setDevice(token)

    def _run(self, fn, args, kwargs):
        if self.xp.cuda.runtime.getDevice() == self.device_id:
            return fn(*args, **kwargs)
        with self.device:
            return fn(*args, **kwargs)

    @classmethod
    def from_device_id(cls, device_id: int) -> GpuDevice:
        """Returns the (cached) device of GPU ``device_id``."""
        return gpu_device(device_id)

    @classmethod
    def from_array(cls, arr) -> GpuDevice | None:
        """Returns the device of a CuPy array, or None for any other object."""
        cupy = _cuda_support.imported_cupy()
        if cupy is not None and isinstance(arr, cupy.ndarray):
            return gpu_device(arr.device.id)
        return None


_by_id: dict[int, GpuDevice] = {}
_lock = threading.Lock()


def gpu_device(device_id: int) -> GpuDevice:
    """Returns the cached :class:`GpuDevice` of ``device_id`` (built on first use)."""
    device = _by_id.get(device_id)
    if device is None:
        with _lock:
            device = _by_id.get(device_id)
            if device is None:
                device = _by_id[device_id] = GpuDevice(device_id)
    return device
