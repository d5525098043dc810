"""Device specifiers, the device-type registry and "which device is this array on"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple

import numpy

from cupy_lite import _cuda_support, _device, _gpu
from cupy_lite._cpu import CPU
from cupy_lite._device import Device, DeviceMismatchError

_ndarray = numpy.ndarray
_SCALARS = frozenset({int, float, bool, complex, str, type(None)})


class _DeviceType(NamedTuple):
    factory: Callable[[str | None], Device]
    array_types: tuple[type, ...]
    from_array: Callable | None


def _numpy_factory(suffix: str | None) -> Device:
    if suffix is not None:
        raise _invalid_spec(f"@numpy:{suffix}", "'@numpy' takes no device number")
    return CPU


def _cupy_factory(suffix: str | None) -> Device:
    if suffix is None or not suffix.isdigit():
        raise _invalid_spec(
            "@cupy" if suffix is None else f"@cupy:{suffix}",
            "'@cupy' needs a GPU id, e.g. '@cupy:0'",
        )
    return _gpu.gpu_device(int(suffix))


_lock = threading.Lock()
_types: dict[str, _DeviceType] = {
    "numpy": _DeviceType(_numpy_factory, (numpy.ndarray,), None),
    "cupy": _DeviceType(_cupy_factory, (), None),
}
_plugin_array_types: dict[type, _DeviceType] = {}
_spec_cache: dict[str, Device] = {}


def register_device_type(
    prefix: str,
    factory: Callable[[str | None], Device],
    *,
    array_types: tuple[type, ...] = (),
    from_array: Callable | None = None,
) -> None:
    """Registers a device type, so that ``get_device('@prefix')`` builds its devices.

    Registering the same prefix again with the same factory does nothing (plugins may
    be loaded twice).

    Args:
        prefix: the name after ``@`` (``'intel64'`` or ``'@intel64'``).
        factory: ``factory(suffix)`` returns the device of ``'@prefix'`` (suffix None)
            or ``'@prefix:suffix'``; it raises ValueError for a suffix it rejects.
        array_types: array types owned by this device type, so that
            :func:`get_device_from_array` maps them to it. ``numpy.ndarray`` and
            ``cupy.ndarray`` stay with ``'@numpy'`` / ``'@cupy:N'`` and are ignored here.
        from_array: optional ``from_array(arr) -> Device`` for those types; by default
            they map to ``factory(None)``.

    Raises:
        ValueError: for a malformed prefix, or a prefix already registered with another
            factory.
    """
    name = prefix[1:] if prefix.startswith("@") else prefix
    if not name or not name.replace("_", "").isalnum():
        raise ValueError(f"invalid device prefix {prefix!r}: use letters, digits and '_'")
    own_types = tuple(t for t in array_types if t is not numpy.ndarray)
    entry = _DeviceType(factory, tuple(array_types), from_array)
    with _lock:
        existing = _types.get(name)
        if existing is not None:
            if existing.factory is factory:
                return
            raise ValueError(
                f"device prefix '@{name}' is already registered with factory "
                f"{existing.factory!r}; refusing to replace it with {factory!r}"
            )
        _types[name] = entry
        for t in own_types:
            _plugin_array_types[t] = entry


def registered_device_prefixes() -> tuple[str, ...]:
    """Returns the registered prefixes, e.g. ``('numpy', 'cupy', 'intel64')``."""
    return tuple(_types)


def _accepted_forms() -> str:
    plugins = [f"'@{p}'" for p in _types if p not in ("numpy", "cupy")]
    forms = "a Device, '@numpy', '@cupy:N' (N = GPU id, e.g. '@cupy:0')"
    if plugins:
        forms += ", " + ", ".join(plugins) + " (or '@prefix:N')"
    return f"{forms}; registered prefixes: {', '.join(_types)}"


def _invalid_spec(spec, why: str = "") -> ValueError:
    why = f" ({why})" if why else ""
    return ValueError(f"invalid device specifier {spec!r}{why}: expected {_accepted_forms()}")


def get_device(spec) -> Device:
    """Returns the device named by ``spec``.

    Args:
        spec: a :class:`Device` (returned as is), a string ``'@numpy'``,
            ``'@cupy:N'`` or ``'@prefix[:N]'`` of a registered type, the ``numpy``
            module, or a ``cupy.cuda.Device``.

    Raises:
        ValueError: for a malformed specifier (the message lists the accepted forms).
        CudaUnavailableError: for ``'@cupy:N'`` where CuPy or a GPU is missing.
    """
    if isinstance(spec, Device):
        return spec
    if isinstance(spec, str):
        device = _spec_cache.get(spec)
        if device is not None:
            return device
        if not spec.startswith("@"):
            raise _invalid_spec(spec, "a specifier starts with '@'")
        prefix, sep, suffix = spec[1:].partition(":")
        entry = _types.get(prefix)
        if entry is None or (sep and not suffix):
            raise _invalid_spec(spec)
        device = entry.factory(suffix if sep else None)
        _spec_cache[spec] = device
        return device
    if spec is numpy:
        return CPU
    cupy = _cuda_support.imported_cupy()
    if cupy is not None and isinstance(spec, cupy.cuda.Device):
        return _gpu.gpu_device(spec.id)
    raise _invalid_spec(spec)


class using_device:  # noqa: N801 - a context manager named like a function, as in Chainer
    """Context manager: makes ``spec``'s device current in this thread for the block.

    Args:
        spec: anything :func:`get_device` accepts.

    Example:
        >>> with cupy_lite.using_device('@numpy') as device:
        ...     x = cupy_lite.zeros(3)
    """

    def __init__(self, spec) -> None:
        self.device = get_device(spec)

    def __enter__(self) -> Device:
        return self.device.__enter__()

    def __exit__(self, *exc_info) -> None:
        self.device.__exit__(*exc_info)


def _device_of(a) -> Device | None:
    """The device of one object that is not a plain numpy.ndarray; None if no array."""
    if isinstance(a, _ndarray):
        return CPU
    cupy = _cuda_support.imported_cupy()
    if cupy is not None and isinstance(a, cupy.ndarray):
        return _gpu.gpu_device(a.device.id)
    if _plugin_array_types:
        for array_type, entry in _plugin_array_types.items():
            if isinstance(a, array_type):
                return entry.from_array(a) if entry.from_array else entry.factory(None)
    return None


def _mismatch(first: Device, second: Device) -> DeviceMismatchError:
    return DeviceMismatchError(
        f"arrays from different devices met in one call: {first.name!r} and "
        f"{second.name!r}. cupy-lite never copies between devices implicitly; move the "
        f"data explicitly first, e.g. x = cupy_lite.get_device({first.name!r}).send(x) "
        f"(or cupy_lite.get_device({second.name!r}).send(x), or cupy_lite.to_numpy(x))"
    )


def find_device(args, kwargs=None) -> Device | None:
    """Returns the device of the arrays among ``args`` and ``kwargs`` values, or None.

    Lists and tuples whose first item is an array (``concatenate([a, b])``) are looked
    into, one level deep. This is the hot path of every dispatched call.

    Raises:
        DeviceMismatchError: when the arrays live on two different devices.
    """
    found = None
    for a in args:
        kind = type(a)
        if kind is _ndarray:
            device = CPU
        elif kind in _SCALARS:
            continue
        elif kind is list or kind is tuple:
            if not a or type(a[0]) in _SCALARS or type(a[0]) is list:
                continue
            device = find_device(a)
            if device is None:
                continue
        else:
            device = _device_of(a)
            if device is None:
                continue
        if found is None:
            found = device
        elif device is not found and device != found:
            raise _mismatch(found, device)
    if kwargs:
        device = find_device(tuple(kwargs.values()))
        if device is not None:
            if found is None:
                return device
            if device is not found and device != found:
                raise _mismatch(found, device)
    return found


def is_array(obj) -> bool:
    """Whether ``obj`` is an array of a known type (NumPy, CuPy or a plugin's)."""
    return _device_of(obj) is not None


def get_device_from_array(*arrays) -> Device:
    """Returns the device the arrays live on.

    Non-array arguments (Python scalars, None) are ignored; with no array at all the
    result is the CPU device.

    Raises:
        DeviceMismatchError: for arrays on different devices.
    """
    return find_device(arrays) or CPU


def get_array_module(*args):
    """Returns ``numpy`` or ``cupy``: the array module of the arrays in ``args``.

    Arguments that are not arrays are ignored; with no array the result is ``numpy``.

    Raises:
        DeviceMismatchError: for arrays on different devices.
    """
    device = find_device(args)
    return numpy if device is None else device.xp


def to_numpy(obj):
    """Returns ``obj`` with every array converted to a NumPy array (nested containers too).

    GPU arrays are copied to host memory; scalars and None pass through.
    """
    return CPU.send(obj)


def get_array_types() -> tuple[type, ...]:
    """Returns the array types cupy-lite knows: ``numpy.ndarray``, ``cupy.ndarray``
    when CuPy imports, then the types plugins registered."""
    types = [numpy.ndarray]
    cupy = _cuda_support.get_cupy()
    if cupy is not None:
        types.append(cupy.ndarray)
    types.extend(t for t in _plugin_array_types if t not in types)
    return tuple(types)


def get_current_device() -> Device:
    """Returns the current device of the calling thread (``'@numpy'`` by default)."""
    return _device._state.current
