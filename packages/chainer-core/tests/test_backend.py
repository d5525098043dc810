"""chainer.backend: device specifiers in every spelling Chainer v7 accepted."""

import numpy
import pytest

import chainer
from chainer import backend
from chainer.backends import cuda


def test_cpu_specs():
    cpu = backend.CpuDevice()
    for spec in ("@numpy", -1, numpy, (numpy, None), cuda.DummyDevice, cpu):
        assert backend.get_device(spec) == cpu, spec


def test_malformed_spec_lists_accepted_forms():
    with pytest.raises(ValueError, match="'@numpy'.*'@cupy:N'"):
        backend.get_device("@nosuch")
    with pytest.raises(TypeError):
        backend.get_device(True)


def test_chainerx_specs_are_refused_clearly():
    with pytest.raises(ValueError, match="ChainerX"):
        backend.get_device("native:0")


@pytest.mark.skipif(cuda.available, reason="needs a machine without a GPU")
def test_gpu_spec_without_gpu_gives_pip_line():
    for spec in ("@cupy:0", 0):
        with pytest.raises(RuntimeError, match=r"pip install .*cuda12"):
            backend.get_device(spec)
    with pytest.raises(RuntimeError, match="pip install"):
        cuda.check_cuda_available()


def test_get_array_module_and_device_from_variables():
    x = chainer.Variable(numpy.ones(2))
    assert backend.get_array_module(x) is numpy
    assert backend.get_array_module(numpy.ones(1), 3.0) is numpy
    assert backend.get_device_from_array(x) == backend.CpuDevice()
    assert cuda.get_array_module(x) is numpy


def test_using_device_and_copyto():
    with chainer.using_device("@numpy") as device:
        assert device.name == "@numpy"
    dst = numpy.zeros(3)
    backend.copyto(dst, numpy.arange(3.0))
    numpy.testing.assert_array_equal(dst, [0.0, 1.0, 2.0])
    backend.copyto(dst, 5.0)
    numpy.testing.assert_array_equal(dst, [5.0, 5.0, 5.0])


def test_cuda_module_without_gpu():
    if cuda.available:
        pytest.skip("a GPU is present")
    assert cuda.to_cpu(numpy.ones(2)).shape == (2,)
    assert cuda.get_device_from_array(numpy.ones(1)) is cuda.DummyDevice
    with cuda.DummyDevice:
        pass
    assert not isinstance(numpy.ones(1), cuda.ndarray)
    with pytest.raises(RuntimeError, match="GPU"):
        cuda.to_gpu(numpy.ones(2))


def test_should_use_cudnn_is_false_without_cudnn():
    if cuda.cudnn_enabled:
        pytest.skip("cuDNN is present")
    with chainer.using_config("use_cudnn", "always"):
        assert not chainer.should_use_cudnn(">=auto")
    with pytest.raises(ValueError, match="level"):
        chainer.should_use_cudnn("sometimes")


@pytest.mark.gpu
def test_gpu_device_round_trip():
    cupy = pytest.importorskip("cupy")
    if not cuda.available:
        pytest.skip("no GPU")
    device = backend.get_device("@cupy:0")
    x = chainer.Variable(numpy.arange(3, dtype=numpy.float32))
    x.to_device(device)
    assert isinstance(x.array, cupy.ndarray)
    y = chainer.functions.sum(x * x)
    y.backward()
    numpy.testing.assert_allclose(cuda.to_cpu(x.grad), [0.0, 2.0, 4.0])
    assert backend.get_device(0) == device
    assert backend.get_device(cupy.cuda.Device(0)) == device
    x.to_cpu()
    assert isinstance(x.array, numpy.ndarray)
