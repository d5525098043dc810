"""The abstract :class:`Device` and the thread-local current device."""

from __future__ import annotations

import copy
import threading
from types import ModuleType

import numpy

# Values that Device.send passes through unchanged.
_PASS_THROUGH = (bool, int, float, complex, str, bytes, type(None), numpy.generic)


class _State(threading.local):
    # Class attribute = default for every thread; _cpu.py sets it to the CpuDevice.
    current: Device = None  # type: ignore[assignment]

    def __init__(self) -> None:
        self.stack: list = []


_state = _State()


class DeviceMismatchError(ValueError):
    """Arrays from two different devices met in one call.

    cupy-lite never copies data between devices implicitly; the message names both
    devices and says how to move the data explicitly.
    """


class Device:
    """A place where arrays live and computations run.

    Subclasses set ``name`` and ``xp`` (plain attributes, read on the hot path) and
    implement :meth:`send_array` and ``supported_array_types``.

    Attributes:
        name (str): the device specifier, e.g. ``'@numpy'`` or ``'@cupy:0'``.
        xp (module): the array module of the device (``numpy`` or ``cupy``).
    """

    # Class-level defaults; every instance sets its own in __init__.
    name: str | None = None
    xp: ModuleType | None = None

    def __init__(self, name: str, xp: ModuleType) -> None:
        self.name = name
        self.xp = xp

    @property
    def supported_array_types(self) -> tuple[type, ...]:
        """tuple of types: the array types this device holds."""
        raise NotImplementedError

    def is_array_supported(self, arr) -> bool:
        """Whether ``arr`` is an array that lives on this device."""
        return isinstance(arr, self.supported_array_types)

    def send_array(self, arr):
        """Returns ``arr`` on this device (``arr`` itself when it already lives here).

        Args:
            arr: an array of any supported array type, any device.
        """
        raise NotImplementedError

    def send(self, obj):
        """Sends arrays, possibly nested in lists, tuples and dicts, to this device.

        Containers are rebuilt with the same type; scalars, strings and None pass
        through unchanged.

        Args:
            obj: an array, a scalar, None, or a list/tuple/dict nesting them.

        Raises:
            TypeError: for an object that is neither of these.
        """
        return _convert(obj, self.send_array)

    def use(self) -> None:
        """Makes this device the current device of the calling thread."""
        _state.current = self

    # Hooks for backends with their own notion of a current device (CUDA).
    def _enter_backend(self):
        return None

    def _exit_backend(self, token) -> None:
        pass

    def _run(self, fn, args, kwargs):
        """Calls ``fn`` with the backend's own state set for this device."""
        return fn(*args, **kwargs)

    def __enter__(self) -> Device:
        _state.stack.append((_state.current, self._enter_backend()))
        _state.current = self
        return self

    def __exit__(self, *exc_info) -> None:
        previous, token = _state.stack.pop()
        _state.current = previous
        self._exit_backend(token)

    def __reduce__(self):
        # Devices hold modules, which do not pickle; a device is rebuilt from its name.
        from cupy_lite._registry import get_device

        return get_device, (self.name,)

    def create_context(self) -> Device:
        """Returns a context manager that makes this device current (Chainer v7 API)."""
        return self

    def __eq__(self, other) -> bool:
        return isinstance(other, Device) and other.name == self.name

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    def __str__(self) -> str:
        return self.name


def get_current_device() -> Device:
    """Returns the current device of the calling thread (``'@numpy'`` by default)."""
    return _state.current


def _convert(obj, convert_array):
    from cupy_lite._registry import is_array

    def walk(o):
        if is_array(o):
            return convert_array(o)
        if isinstance(o, _PASS_THROUGH):
            return o
        kind = type(o)
        if kind is list:
            return [walk(v) for v in o]
        if isinstance(o, tuple):
            items = [walk(v) for v in o]
            return kind(*items) if hasattr(o, "_fields") else kind(items)
        if isinstance(o, dict):
            out = copy.copy(o)  # keeps the dict subclass and e.g. a default_factory
            for key, value in o.items():
                out[key] = walk(value)
            return out
        if isinstance(o, list):
            return kind(walk(v) for v in o)
        raise TypeError(
            f"cannot send an object of type {kind.__module__}.{kind.__qualname__} to a "
            "device: expected an array, a scalar, None, or a list/tuple/dict of them"
        )

    return walk(obj)
