"""One NumPy-compatible array namespace for the CPU (NumPy) and NVIDIA GPUs (CuPy).

``import cupy_lite as cl`` and write ``cl.zeros``, ``cl.dot``, ``cl.linalg.svd``,
``cl.fft.fft``, ``cl.random.rand``: each call runs on the device of its array
arguments, or on the current device of the thread (``'@numpy'`` unless changed with
``Device.use()``, ``with device:`` or ``using_device``) when it has none. Arrays of
two different devices in one call raise :class:`DeviceMismatchError`; data moves only
through ``device.send(x)`` / ``to_numpy(x)``.

Any NumPy function name is available (resolved on first access); dtypes and constants
(``cl.float32``, ``cl.pi``) are NumPy's, which CuPy shares.
"""

from importlib import metadata as _metadata

from cupy_lite import _cuda_support, _namespace, fft, kernel, linalg, memory, random
from cupy_lite._cpu import CpuDevice
from cupy_lite._cuda_support import CudaUnavailableError, is_gpu_available
from cupy_lite._device import Device, DeviceMismatchError
from cupy_lite._gpu import GpuDevice
from cupy_lite._registry import (
    get_array_module,
    get_array_types,
    get_current_device,
    get_device,
    get_device_from_array,
    register_device_type,
    registered_device_prefixes,
    to_numpy,
    using_device,
)
from cupy_lite.kernel import elementwise, fuse, reduction

try:
    __version__ = _metadata.version("cupy-lite")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"

asnumpy = to_numpy

__all__ = [
    "CpuDevice",
    "CudaUnavailableError",
    "Device",
    "DeviceMismatchError",
    "GpuDevice",
    "asnumpy",
    "cupy",
    "elementwise",
    "fft",
    "fuse",
    "get_array_module",
    "get_array_types",
    "get_current_device",
    "get_device",
    "get_device_from_array",
    "is_gpu_available",
    "kernel",
    "linalg",
    "memory",
    "random",
    "reduction",
    "register_device_type",
    "registered_device_prefixes",
    "to_numpy",
    "using_device",
]


def __getattr__(name: str):
    if name == "cupy":  # imported on first access, never cached here: tests swap it
        return _cuda_support.get_cupy()
    return _namespace.resolve(globals(), name, (), __name__)
