"""Devices and array helpers (Chainer v7's ``chainer.backend``), built on cupy-lite.

Device specifiers: ``'@numpy'``, ``'@cupy:N'``, ``'@intel64'`` and any prefix a
plugin registers with cupy-lite, plus Chainer v7's older spellings: a device
object, an int (a GPU id; negative for the CPU), the ``numpy`` or ``cupy``
module, ``(cupy, N)``, a ``cupy.cuda.Device`` and ``cuda.DummyDevice``.
"""

from __future__ import annotations

import types

import numpy

import cupy_lite
from chainer import _plugins
from chainer.backends import cuda
from chainer.backends.intel64 import Intel64Device
from chainer.variable import Variable
from cupy_lite import CpuDevice, Device, GpuDevice

__all__ = [
    "ChainerxDevice",
    "CpuDevice",
    "Device",
    "GpuDevice",
    "Intel64Device",
    "copyto",
    "get_array_module",
    "get_device",
    "get_device_from_array",
    "using_device",
]


class ChainerxDevice(Device):
    """ChainerX is not part of this re-creation; creating a ChainerX device raises."""

    def __init__(self, device=None):
        raise RuntimeError(_NO_CHAINERX)


_NO_CHAINERX = (
    "ChainerX devices ('native:N', 'cuda:N') are not supported by this Chainer; "
    "use '@numpy', '@cupy:N' or '@intel64'"
)


def _from_module_and_id(module, device_id):
    if module is numpy:
        if device_id not in (None, -1):
            raise ValueError(f"the numpy module takes no device id, but {device_id!r} was given")
        return CpuDevice()
    if cuda.cupy is not None and module is cuda.cupy:
        if device_id is None:
            cuda.check_cuda_available()
            device_id = cuda.cupy.cuda.runtime.getDevice()
        return cupy_lite.get_device(f"@cupy:{int(device_id)}")
    raise ValueError(f"invalid device module {module!r}: expected numpy or cupy")


def get_device(device_spec):
    """Returns the :class:`Device` a specifier names.

    Args:
        device_spec: a Device, a string (``'@numpy'``, ``'@cupy:0'``,
            ``'@intel64'``), an int GPU id (negative for the CPU), the numpy
            or cupy module, a ``(module, id)`` tuple, a ``cupy.cuda.Device`` or
            ``cuda.DummyDevice``.

    Returns:
        Device: the device.

    Raises:
        ValueError: for a malformed specifier (the message lists the accepted forms).
        RuntimeError: for a GPU or plugin device this machine cannot provide.
    """
    if isinstance(device_spec, Device):
        return device_spec
    if isinstance(device_spec, str):
        if not device_spec.startswith("@"):
            if device_spec.split(":")[0] in ("native", "cuda"):
                raise ValueError(_NO_CHAINERX)
        prefix = device_spec[1:].split(":")[0]
        if prefix not in cupy_lite.registered_device_prefixes():
            _plugins.load_plugins()
        return cupy_lite.get_device(device_spec)
    if isinstance(device_spec, bool):
        raise TypeError(f"invalid device specifier {device_spec!r}")
    if isinstance(device_spec, (int, numpy.integer)):
        if device_spec < 0:
            return CpuDevice()
        return cupy_lite.get_device(f"@cupy:{int(device_spec)}")
    if isinstance(device_spec, types.ModuleType):
        return _from_module_and_id(device_spec, None)
    if isinstance(device_spec, tuple) and len(device_spec) == 2:
        return _from_module_and_id(*device_spec)
    if device_spec is cuda.DummyDevice:
        return CpuDevice()
    if cuda.cupy is not None and isinstance(device_spec, cuda.cupy.cuda.Device):
        return cupy_lite.get_device(f"@cupy:{device_spec.id}")
    return cupy_lite.get_device(device_spec)


def _unwrap(x):
    # A Variable stands for its array.
    return x._data if isinstance(x, Variable) else x


def get_device_from_array(*arrays):
    """The device of the given arrays (or Variables); the CPU when none is an array."""
    return cupy_lite.get_device_from_array(*[_unwrap(a) for a in arrays])


def get_array_module(*args):
    """``cupy`` if any argument is a CuPy array (or a Variable of one), else ``numpy``."""
    return cupy_lite.get_array_module(*[_unwrap(a) for a in args])


class using_device:  # noqa: N801 - a context manager named like a function, as in Chainer
    """Makes a device current within a ``with`` block.

    Args:
        device_spec: anything :func:`get_device` accepts.
    """

    def __init__(self, device_spec):
        self._device = get_device(device_spec)

    def __enter__(self):
        return self._device.__enter__()

    def __exit__(self, *exc_info):
        return self._device.__exit__(*exc_info)


def copyto(dst, src):
    """Copies the elements of ``src`` into ``dst``, across devices if needed.

    Args:
        dst (array): the destination array.
        src (array or scalar): the values (broadcast to ``dst``'s shape).
    """
    dst_device = cupy_lite.get_device_from_array(dst)
    if isinstance(src, (numpy.ndarray,)) or cupy_lite.get_array_module(src) is not numpy:
        src = dst_device.send(src)
    dst_device.xp.copyto(dst, src)


def get_array_types():
    """The array types chainer handles: numpy.ndarray, and cupy.ndarray where CuPy imports."""
    return cupy_lite.get_array_types()


def get_cpu_array_types():
    """The CPU array types: numpy.ndarray."""
    return (numpy.ndarray,)


def is_arrays_compatible(arrays):
    """Whether the arrays are all on one backend (all NumPy, or all CuPy)."""
    arrays = [a for a in arrays if a is not None]
    if not arrays:
        return True
    first = type(arrays[0])
    return all(type(a) is first for a in arrays)


def to_chx(array):
    """ChainerX is not supported: returns the array unchanged (nothing to convert)."""
    return array


def from_chx(array):
    """ChainerX is not supported: returns the array unchanged (nothing to convert)."""
    return array
