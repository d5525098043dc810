"""Chainer v7's ``chainer.backends.cuda``: CuPy access under the names users know.

Everything device-related comes from cupy-lite; this module keeps Chainer v7's
spellings (``cuda.cupy``, ``cuda.to_gpu``, ``cuda.get_device_from_id``,
``cuda.elementwise`` ...) working. Where CuPy or a GPU is missing, ``available``
is False and the functions that need a GPU raise an error that says so.
"""

from __future__ import annotations

import functools
import threading

import numpy

import cupy_lite
from chainer.configuration import config

cupy = cupy_lite.cupy
available = cupy_lite.is_gpu_available()
# CuPy 14 has no cuDNN module; cuDNN comes through NVIDIA's cuDNN frontend.
try:  # pragma: no cover - depends on the GPU extras
    import cudnn as _cudnn_frontend  # noqa: F401

    cudnn_enabled = available
except Exception:  # ImportError, or the library failing to load
    cudnn_enabled = False

GpuDevice = cupy_lite.GpuDevice

if cupy is not None:
    ndarray = cupy.ndarray
    Device = cupy.cuda.Device
    Event = cupy.cuda.Event
    Stream = cupy.cuda.Stream
else:

    class ndarray:  # noqa: N801 - the name Chainer v7 exposes
        """Placeholder for ``cupy.ndarray`` where CuPy is not installed (no instance exists)."""

        shape = None
        device = None

        def get(self, stream=None):
            """Never reached: no placeholder instance can hold data."""
            check_cuda_available()

        def set(self, arr, stream=None):
            """Never reached: no placeholder instance can hold data."""
            check_cuda_available()

    class Device:
        """Placeholder for ``cupy.cuda.Device`` where CuPy is not installed."""

        def __init__(self, device=None):
            check_cuda_available()

    class Event:
        """Placeholder for ``cupy.cuda.Event`` where CuPy is not installed."""

        def __init__(self, *args, **kwargs):
            check_cuda_available()

    class Stream:
        """Placeholder for ``cupy.cuda.Stream`` where CuPy is not installed."""

        def __init__(self, *args, **kwargs):
            check_cuda_available()


class DummyDeviceType:
    """A do-nothing device context for CPU code paths (``cuda.DummyDevice``)."""

    id = -1

    def __int__(self):
        return -1

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass

    def use(self):
        """Does nothing."""

    def synchronize(self):
        """Does nothing."""

    def __eq__(self, other):
        return isinstance(other, DummyDeviceType)

    def __hash__(self):
        return hash(DummyDeviceType)


DummyDevice = DummyDeviceType()


def check_cuda_available():
    """Raises RuntimeError (with the pip line for the GPU extra) when CUDA is unusable."""
    if not available:
        raise RuntimeError(
            "CUDA environment is not correctly set up: no usable GPU was found "
            "(CuPy is missing, or it sees no device). "
            'Install the GPU extra with: pip install "chainer-core[cuda12]" '
            "(or [cuda13] for a CUDA 13 driver)."
        )


def get_device_from_id(device_id):
    """The ``cupy.cuda.Device`` with this id, or :data:`DummyDevice` for None."""
    if device_id is None:
        return DummyDevice
    check_cuda_available()
    return Device(device_id)


def get_device_from_array(*arrays):
    """The ``cupy.cuda.Device`` of the first CuPy array, or :data:`DummyDevice`."""
    for array in arrays:
        if cupy is not None and isinstance(array, cupy.ndarray):
            return array.device
    return DummyDevice


def get_device(*args):
    """Deprecated Chainer v5 helper: a device from an id or arrays (use the above)."""
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool):
            return get_device_from_id(arg)
        if cupy is not None and isinstance(arg, cupy.ndarray):
            return arg.device
    return DummyDevice


def _gpu_device_spec(device):
    """A cupy-lite spec for a GPU given as None (current), an int or a cupy Device."""
    check_cuda_available()
    if device is None:
        return f"@cupy:{cupy.cuda.runtime.getDevice()}"
    if isinstance(device, int):
        return f"@cupy:{device}"
    return f"@cupy:{int(device)}"


def to_gpu(array, device=None, stream=None):
    """Copies an array (or nested lists/tuples of arrays) to a GPU.

    Args:
        array: a NumPy or CuPy array, or None.
        device: the GPU (None for the current one).
        stream: a CuPy stream for an asynchronous copy (optional).
    """
    if array is None:
        return None
    target = cupy_lite.get_device(_gpu_device_spec(device))
    if stream is not None:
        with stream:
            return target.send(array)
    return target.send(array)


def to_cpu(array, stream=None):
    """Copies an array (or nested lists/tuples of arrays) to the host as NumPy arrays."""
    if array is None:
        return None
    if isinstance(array, (numpy.ndarray, numpy.generic)):
        return array
    return cupy_lite.to_numpy(array)


def copy(array, out=None, out_device=None, stream=None):
    """Copies a CuPy array, possibly to another GPU."""
    check_cuda_available()
    if out is None:
        if out_device is None:
            out_device = array.device
        with get_device_from_id(int(out_device)):
            out = cupy.empty_like(array)
    with array.device:
        cupy.copyto(out, array)
    return out


def get_array_module(*args):
    """``cupy`` if any argument is a CuPy array (or a Variable of one), else ``numpy``."""
    import chainer

    return chainer.backend.get_array_module(*args)


def elementwise(in_params, out_params, operation, name, **kwargs):
    """A cached ``cupy.ElementwiseKernel`` (compiled once per process)."""
    check_cuda_available()
    return _elementwise_kernel(in_params, out_params, operation, name, **kwargs)


@functools.cache
def _elementwise_kernel(in_params, out_params, operation, name, **kwargs):
    return cupy.ElementwiseKernel(in_params, out_params, operation, name, **kwargs)


def reduce(in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name, **kwargs):
    """A cached ``cupy.ReductionKernel`` (compiled once per process)."""
    check_cuda_available()
    return _reduction_kernel(
        in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name, **kwargs
    )


@functools.cache
def _reduction_kernel(
    in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name, **kwargs
):
    return cupy.ReductionKernel(
        in_params, out_params, map_expr, reduce_expr, post_map_expr, identity, name, **kwargs
    )


def raw(code, name, *args, **kwargs):
    """A cached ``cupy.RawKernel``."""
    check_cuda_available()
    return _raw_kernel(code, name, *args, **kwargs)


@functools.cache
def _raw_kernel(code, name, *args, **kwargs):
    return cupy.RawKernel(code, name, *args, **kwargs)


def fuse(*args, **kwargs):
    """``cupy.fuse`` on GPU arrays, a plain call on NumPy arrays (cupy-lite's fuse)."""
    return cupy_lite.fuse(*args, **kwargs)


_memos = []


def memoize(for_each_device=False):
    """Caches a function's results by arguments (and by current GPU if asked)."""

    def decorator(f):
        cache = {}
        _memos.append(cache)

        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            key = (args, tuple(sorted(kwargs.items())))
            if for_each_device and available:
                key = (cupy.cuda.runtime.getDevice(), key)
            if key not in cache:
                cache[key] = f(*args, **kwargs)
            return cache[key]

        return wrapper

    return decorator


def clear_memo():
    """Clears every cache made by :func:`memoize`."""
    for cache in _memos:
        cache.clear()


_max_workspace_size = 8 * 1024 * 1024


def get_max_workspace_size():
    """The largest cuDNN workspace (bytes) convolutions may use."""
    return _max_workspace_size


def set_max_workspace_size(size):
    """Sets the largest cuDNN workspace (bytes) convolutions may use."""
    global _max_workspace_size
    _max_workspace_size = int(size)


def should_use_cudnn(level, lowest_version=0):
    """Whether cuDNN should be used under ``chainer.config.use_cudnn``.

    Args:
        level (str): ``'>=auto'`` or ``'==always'``.
        lowest_version (int): the lowest cuDNN version the caller supports.
    """
    if level not in (">=auto", "==always"):
        raise ValueError(f"level must be '>=auto' or '==always', not {level!r}")
    if not cudnn_enabled:
        return False
    if lowest_version and _cudnn_version() < lowest_version:
        return False
    setting = config.use_cudnn
    if setting == "never":
        return False
    return setting == "always" or level == ">=auto"


def _cudnn_version():
    try:
        import cudnn

        return int(cudnn.backend_version())
    except Exception:
        return 0


def should_use_cudnn_tensor_core(dtype):
    """Whether cuDNN may use Tensor Cores for ``dtype`` (``config.use_cudnn_tensor_core``)."""
    setting = config.use_cudnn_tensor_core
    if setting == "never":
        return False
    if setting == "always":
        return True
    return numpy.dtype(dtype) == numpy.float16


_dropout_states = threading.local()


def get_cudnn_dropout_states():
    """Per-thread dropout random states for cuDNN RNNs (a CuPy random generator)."""
    return get_cudnn_dropout_states_core(threading.get_ident())


def get_cudnn_dropout_states_core(thread_id):
    """The dropout random states of one thread."""
    check_cuda_available()
    states = getattr(_dropout_states, "states", None)
    if states is None:
        states = _dropout_states.states = {}
    if thread_id not in states:
        states[thread_id] = cupy.random.default_rng()
    return states[thread_id]
