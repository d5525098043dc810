"""Fixtures shared by the tests: the device matrix and a fake ``cupy`` module.

``device`` runs a test body once on ``'@numpy'`` and once on ``'@cupy:0'`` (marked
``gpu``, skipped where CuPy or a GPU is missing), with that device current; NumPy
is the oracle. ``fake_cupy`` installs a tiny stand-in for CuPy with two "GPUs" whose
arrays wrap NumPy arrays, so the GPU routing and cross-GPU errors are tested on any
machine.
"""

from __future__ import annotations

import sys
import types

import numpy
import pytest

import cupy_lite
from cupy_lite import _cuda_support, _gpu, _registry


def _forget_cupy_state() -> None:
    _cuda_support._reset()
    _gpu._by_id.clear()
    for spec in [s for s in _registry._spec_cache if s.startswith("@cupy")]:
        del _registry._spec_cache[spec]


@pytest.fixture(params=["@numpy", pytest.param("@cupy:0", marks=pytest.mark.gpu)])
def device(request):
    """The device under test, made current for the test."""
    if request.param.startswith("@cupy"):
        cupy = pytest.importorskip("cupy")
        if not cupy.is_available():
            pytest.skip("CuPy is installed but sees no GPU")
    dev = cupy_lite.get_device(request.param)
    with dev:
        yield dev


class _FakeCudaDevice:
    current = 0

    def __init__(self, device_id: int) -> None:
        self.id = device_id
        self._saved: list[int] = []

    def use(self) -> None:
        _FakeCudaDevice.current = self.id

    def __enter__(self):
        self._saved.append(_FakeCudaDevice.current)
        self.use()
        return self

    def __exit__(self, *exc_info) -> None:
        _FakeCudaDevice.current = self._saved.pop()


class _FakeArray:
    """A "GPU array": a NumPy array plus the id of the GPU it lives on."""

    def __init__(self, data, device_id: int | None = None) -> None:
        self.data = numpy.asarray(data)
        self.device = _FakeCudaDevice(_FakeCudaDevice.current if device_id is None else device_id)

    def get(self):
        return self.data.copy()

    def copy(self):
        return _FakeArray(self.data.copy())


def make_fake_cupy(n_devices: int = 2, available: bool = True) -> types.ModuleType:
    cupy = types.ModuleType("cupy")
    cupy.__version__ = "14.0.0+fake"
    cupy.ndarray = _FakeArray
    cupy.is_available = lambda: available
    cupy.asarray = lambda a: a if isinstance(a, _FakeArray) else _FakeArray(a)
    cupy.zeros = lambda shape, dtype=float: _FakeArray(numpy.zeros(shape, dtype))

    def set_device(i: int) -> None:
        _FakeCudaDevice.current = i

    runtime = types.SimpleNamespace(
        getDeviceCount=lambda: n_devices,
        getDevice=lambda: _FakeCudaDevice.current,
        setDevice=set_device,
    )
    cupy.cuda = types.SimpleNamespace(Device=_FakeCudaDevice, runtime=runtime)
    return cupy


@pytest.fixture
def fake_cupy(monkeypatch):
    """Factory: ``fake_cupy(n_devices=2, available=True)`` installs a fake ``cupy``."""

    def install(n_devices: int = 2, available: bool = True) -> types.ModuleType:
        module = make_fake_cupy(n_devices, available)
        monkeypatch.setitem(sys.modules, "cupy", module)
        _forget_cupy_state()
        return module

    _FakeCudaDevice.current = 0
    yield install
    monkeypatch.undo()
    _forget_cupy_state()


@pytest.fixture
def no_cupy(monkeypatch):
    """Makes ``import cupy`` fail, as on a machine without the GPU extra."""
    monkeypatch.setitem(sys.modules, "cupy", None)
    _forget_cupy_state()
    yield
    monkeypatch.undo()
    _forget_cupy_state()


@pytest.fixture
def isolated_registry(monkeypatch):
    """Lets a test register device types without leaking them to other tests."""
    monkeypatch.setattr(_registry, "_types", dict(_registry._types))
    monkeypatch.setattr(_registry, "_plugin_array_types", dict(_registry._plugin_array_types))
    monkeypatch.setattr(_registry, "_spec_cache", dict(_registry._spec_cache))
