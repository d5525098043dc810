"""Devices: specifiers, the registry, the current device, send/to_numpy, GPU errors."""

from __future__ import annotations

import collections
import threading

import numpy
import pytest

import cupy_lite as cl
from cupy_lite import CpuDevice, Device, GpuDevice


def test_numpy_spec_gives_the_cpu_device():
    device = cl.get_device("@numpy")
    assert isinstance(device, CpuDevice)
    assert device.name == "@numpy" and device.xp is numpy
    assert device == CpuDevice() and hash(device) == hash(CpuDevice())
    assert repr(device) == "<CpuDevice @numpy>"
    assert cl.get_device(device) is device
    assert cl.get_device(numpy) == device
    assert device.supported_array_types == (numpy.ndarray,)
    assert device.is_array_supported(numpy.zeros(1)) and not device.is_array_supported([1])


@pytest.mark.parametrize(
    "spec", ["numpy", "@numpy:0", "@cupy", "@cupy:", "@cupy:x", "@cupy:-1", "@tpu:0", "", 3, None]
)
def test_malformed_spec_raises_value_error_listing_the_accepted_forms(spec):
    with pytest.raises(ValueError) as info:
        cl.get_device(spec)
    message = str(info.value)
    assert repr(spec) in message
    assert "'@numpy'" in message and "'@cupy:N'" in message
    assert "registered prefixes: numpy, cupy" in message


def test_spec_error_lists_plugin_prefixes(isolated_registry):
    cl.register_device_type("intel64", lambda suffix: CpuDevice())
    with pytest.raises(ValueError, match=r"'@intel64'.*registered prefixes: numpy, cupy, intel64"):
        cl.get_device("@gpu")


def test_missing_cuda_error_says_so_and_gives_the_pip_line(no_cupy):
    assert cl.is_gpu_available() is False
    assert cl.cupy is None
    with pytest.raises(cl.CudaUnavailableError) as info:
        cl.get_device("@cupy:0")
    message = str(info.value)
    assert "'@cupy:0' needs an NVIDIA GPU with CuPy" in message
    assert "CuPy is not importable" in message
    assert 'pip install "cupy-lite[cuda12]"' in message
    assert 'pip install "cupy-lite[cuda13]"' in message
    with pytest.raises(cl.CudaUnavailableError):
        GpuDevice(0)


def test_cupy_without_a_usable_gpu_says_so(fake_cupy):
    fake_cupy(n_devices=0, available=False)
    with pytest.raises(cl.CudaUnavailableError, match=r"installed but found no usable GPU.*cuda12"):
        cl.get_device("@cupy:0")


def test_gpu_id_beyond_the_machine_is_refused(fake_cupy):
    fake_cupy(n_devices=2)
    with pytest.raises(ValueError, match=r"'@cupy:5' asks for GPU 5, but CuPy sees 2 GPU"):
        cl.get_device("@cupy:5")


def test_gpu_device_attributes_and_caching(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    device = cl.get_device("@cupy:1")
    assert isinstance(device, GpuDevice) and device.device_id == 1 and device.xp is cupy
    assert device.device.id == 1 and device.name == "@cupy:1"
    assert cl.get_device("@cupy:1") is device is GpuDevice.from_device_id(1)
    assert device == GpuDevice(1) and device != cl.get_device("@cupy:0")
    array = cupy.ndarray(numpy.ones(2), device_id=1)
    assert GpuDevice.from_array(array) is device and GpuDevice.from_array(numpy.ones(2)) is None
    assert CpuDevice.from_array(array) is None
    assert device.is_array_supported(array)
    assert not cl.get_device("@cupy:0").is_array_supported(array)


def test_cpu_from_array():
    assert CpuDevice.from_array(numpy.ones(2)) == CpuDevice()
    assert CpuDevice.from_array(3.0) is None


def test_using_device_nests_and_restores(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    assert cl.get_current_device() == CpuDevice()
    with cl.using_device("@cupy:1") as outer:
        assert cl.get_current_device() is outer and cupy.cuda.runtime.getDevice() == 1
        with cl.get_device("@cupy:0"):
            assert cl.get_current_device().name == "@cupy:0"
            assert cupy.cuda.runtime.getDevice() == 0
            with cl.get_device("@numpy").create_context():
                assert cl.get_current_device().name == "@numpy"
        assert cl.get_current_device() is outer and cupy.cuda.runtime.getDevice() == 1
    assert cl.get_current_device().name == "@numpy"


def test_use_sets_the_current_device_of_this_thread_only(fake_cupy):
    fake_cupy(n_devices=1)
    seen = []
    try:
        cl.get_device("@cupy:0").use()
        thread = threading.Thread(target=lambda: seen.append(cl.get_current_device().name))
        thread.start()
        thread.join()
        assert cl.get_current_device().name == "@cupy:0"
    finally:
        cl.CpuDevice().use()
    assert seen == ["@numpy"]


def test_plugin_device_type(isolated_registry):
    class Intel64Device(Device):
        def __init__(self):
            super().__init__("@intel64", numpy)

        @property
        def supported_array_types(self):
            return (numpy.ndarray,)

        def send_array(self, arr):
            return cl.to_numpy(arr)

    class MdArray:  # a plugin-specific array type
        pass

    made = []

    def factory(suffix):
        if suffix is not None:
            raise ValueError("'@intel64' takes no number")
        made.append(suffix)
        return Intel64Device()

    cl.register_device_type("@intel64", factory, array_types=(numpy.ndarray, MdArray))
    cl.register_device_type("intel64", factory)  # same factory again: no-op
    with pytest.raises(ValueError, match="already registered"):
        cl.register_device_type("intel64", lambda suffix: Intel64Device())
    with pytest.raises(ValueError, match="already registered"):
        cl.register_device_type("cupy", factory)
    assert cl.registered_device_prefixes() == ("numpy", "cupy", "intel64")

    device = cl.get_device("@intel64")
    assert device.xp is numpy and device.name == "@intel64"
    assert cl.get_device("@intel64") is device and made == [None]  # cached
    # numpy arrays stay '@numpy'; the plugin's own array type maps to the plugin
    assert cl.get_device_from_array(numpy.ones(1)) == CpuDevice()
    assert cl.get_device_from_array(MdArray()) == device
    with device:
        x = cl.zeros(3)
        assert type(x) is numpy.ndarray and cl.get_current_device() is device


def test_send_handles_nested_containers_and_passes_scalars_through():
    Pair = collections.namedtuple("Pair", "a b")
    a = numpy.arange(3.0)
    tree = {"x": [a, (a, None)], "p": Pair(a, 2.5), "n": numpy.float32(1), "s": "text"}
    sent = cl.get_device("@numpy").send(tree)
    assert sent["x"][0] is a and sent["x"][1][0] is a and sent["x"][1][1] is None
    assert isinstance(sent["p"], Pair) and sent["p"].a is a and sent["p"].b == 2.5
    assert sent["s"] == "text" and sent["n"] == 1
    assert isinstance(sent["x"][1], tuple)
    d = collections.defaultdict(list, {"k": a})
    assert cl.to_numpy(d).default_factory is list
    with pytest.raises(TypeError, match="cannot send an object of type builtins.object"):
        cl.to_numpy([object()])


def test_send_moves_between_fake_gpus_and_host(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    gpu0, gpu1 = cl.get_device("@cupy:0"), cl.get_device("@cupy:1")
    host = numpy.arange(4.0)
    on0 = gpu0.send(host)
    assert isinstance(on0, cupy.ndarray) and on0.device.id == 0
    assert gpu0.send(on0) is on0
    on1 = gpu1.send({"w": on0})["w"]
    assert on1.device.id == 1 and on1 is not on0
    back = cl.to_numpy([on1])[0]
    assert type(back) is numpy.ndarray and numpy.array_equal(back, host)


def test_get_device_from_array_and_get_array_module_ignore_non_arrays(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    assert cl.get_device_from_array() == CpuDevice()
    assert cl.get_device_from_array(1.5, None) == CpuDevice()
    assert cl.get_device_from_array(numpy.ones(2), 3) == CpuDevice()
    assert cl.get_array_module() is numpy and cl.get_array_module(2, "s") is numpy
    gpu_array = cupy.ndarray(numpy.ones(2), device_id=1)
    assert cl.get_device_from_array(gpu_array, 2.0).name == "@cupy:1"
    assert cl.get_array_module(None, gpu_array) is cupy
    assert cl.get_array_types() == (numpy.ndarray, cupy.ndarray)


def test_mixing_numpy_and_gpu_arrays_raises_naming_both(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    gpu_array = cupy.ndarray(numpy.ones(2), device_id=0)
    with pytest.raises(cl.DeviceMismatchError) as info:
        cl.get_device_from_array(numpy.ones(2), gpu_array)
    message = str(info.value)
    assert "'@numpy'" in message and "'@cupy:0'" in message
    assert "never copies between devices implicitly" in message
    assert "get_device('@numpy').send(x)" in message and "get_device('@cupy:0').send(x)" in message


def test_mixing_two_gpus_raises_naming_both(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    a = cupy.ndarray(numpy.ones(2), device_id=0)
    b = cupy.ndarray(numpy.ones(2), device_id=1)
    with pytest.raises(cl.DeviceMismatchError, match=r"'@cupy:0' and '@cupy:1'.*send\(x\)"):
        cl.get_array_module(a, b)


def test_device_mismatch_is_a_value_error():
    assert issubclass(cl.DeviceMismatchError, ValueError)
    assert issubclass(cl.CudaUnavailableError, RuntimeError)


def test_is_gpu_available_matches_cupy():
    cupy = cl.cupy
    expected = cupy is not None and bool(cupy.is_available())
    assert cl.is_gpu_available() is expected
