"""Dispatch of NumPy-named functions to NumPy or CuPy by device.

A dispatcher finds the device of its array arguments (or, with none, the current
device of the thread) and calls the function of that device's array module. The CPU
case is one type check per argument and one direct call; the function of every other
array module is looked up once and cached.
"""

from __future__ import annotations

import types

import numpy

from cupy_lite import _device
from cupy_lite._cpu import CPU
from cupy_lite._registry import find_device

_state = _device._state
_UFUNC_METHODS = ("reduce", "accumulate", "reduceat", "outer", "at")


def _lookup(module, path: tuple[str, ...]):
    obj = module
    for part in path:
        obj = getattr(obj, part)
    return obj


def make_dispatcher(path: tuple[str, ...], numpy_fn=None):
    """Returns a function that calls ``numpy.<path>`` or ``cupy.<path>`` by device.

    Args:
        path: attribute path below the array module, e.g. ``('linalg', 'svd')``.
        numpy_fn: the NumPy function (looked up from ``path`` when omitted).
    """
    if numpy_fn is None:
        numpy_fn = _lookup(numpy, path)
    by_module: dict = {}
    dotted = ".".join(path)

    def other(device, args, kwargs):
        fn = by_module.get(device.xp)
        if fn is None:
            try:
                fn = _lookup(device.xp, path)
            except AttributeError:
                raise AttributeError(
                    f"{device.xp.__name__} has no {dotted}: cupy_lite.{dotted} is not "
                    f"available on {device.name}"
                ) from None
            by_module[device.xp] = fn
        return device._run(fn, args, kwargs)

    def dispatcher(*args, **kwargs):
        device = find_device(args, kwargs) or _state.current
        if device is CPU:
            return numpy_fn(*args, **kwargs)
        return other(device, args, kwargs)

    dispatcher.__name__ = path[-1]
    dispatcher.__qualname__ = dotted
    dispatcher.__doc__ = (
        f"``numpy.{dotted}`` or ``cupy.{dotted}``, by the device of the array arguments "
        "(the current device when there is none).\n\nRaises:\n    DeviceMismatchError: "
        "for arrays on different devices."
    )
    if isinstance(numpy_fn, numpy.ufunc):
        for method in _UFUNC_METHODS:
            setattr(dispatcher, method, make_dispatcher((*path, method)))
    return dispatcher


def resolve(namespace: dict, name: str, prefix: tuple[str, ...], module_name: str):
    """Module ``__getattr__`` body: builds, caches and returns ``<module>.<name>``.

    Functions and ufuncs become dispatchers; dtypes, constants and other classes are
    returned as NumPy's (CuPy shares them).
    """
    if name.startswith("__"):
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
    try:
        value = _lookup(numpy, (*prefix, name))
    except AttributeError:
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}") from None
    if name == "ndarray":
        raise AttributeError(
            f"{module_name}.ndarray is ambiguous across devices; use "
            "cupy_lite.get_array_types() or get_array_module(x).ndarray"
        )
    if isinstance(value, types.ModuleType):
        raise AttributeError(
            f"module {module_name!r} has no submodule {name!r}; use "
            f"cupy_lite.get_array_module(x).{name}"
        )
    if callable(value) and not isinstance(value, type):
        value = make_dispatcher((*prefix, name), value)
    namespace[name] = value
    return value
