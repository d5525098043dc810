import numpy
import pytest

import chainer
from chainer import initializers
from chainer.backends import cuda
from chainer.device_resident import DeviceResident, DeviceResidentsVisitor, ToDeviceVisitor
from chainer.link import Chain, Link


class Holder(Link):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.w = chainer.Parameter(initializers.One(), (2,))
            self.lazy = chainer.Parameter(initializers.Zero())
        self.add_persistent("arr", numpy.arange(3.0))
        self.add_persistent("scalar", 1.5)


class Collector(DeviceResidentsVisitor):
    def __init__(self):
        self.log = []

    def visit_device_resident(self, device_resident):
        self.log.append(("resident", device_resident))

    def visit_array(self, arr):
        self.log.append(("array", arr))
        return arr * 10

    def visit_variable(self, param):
        self.log.append(("variable", param.name))


def test_defaults():
    r = DeviceResident()
    assert r.device == chainer.get_device("@numpy")
    assert r.xp is numpy
    assert r.to_chx() is r and r.from_chx() is r


def test_visitor_sees_everything():
    chain = Chain(h=Holder())
    visitor = Collector()
    chain.device_resident_accept(visitor)
    kinds = [(k, v if isinstance(v, str) else type(v).__name__) for k, v in visitor.log]
    assert kinds[0] == ("resident", "Chain") and kinds[1] == ("resident", "Holder")
    assert sorted(v for k, v in kinds if k == "variable") == ["lazy", "w"]
    assert [k for k, _ in kinds].count("array") == 1  # the scalar is not an array
    numpy.testing.assert_array_equal(chain.h.arr, [0, 10, 20])  # visit_array's result is stored
    assert chain.h.scalar == 1.5


def test_to_device_cpu_keeps_arrays():
    h = Holder()
    w = h.w.array
    assert h.to_device("@numpy") is h
    assert h.to_cpu() is h
    assert h.w.array is w
    assert h.device == chainer.get_device("@numpy")


def test_to_device_visitor_passes_non_arrays():
    v = ToDeviceVisitor(chainer.get_device("@numpy"))
    assert v.visit_array(3) == 3
    assert v.device == chainer.get_device("@numpy")


def test_base_visitor_abstract():
    with pytest.raises(NotImplementedError):
        DeviceResidentsVisitor().visit_array(numpy.zeros(1))


@pytest.mark.skipif(cuda.available, reason="checks the no-GPU error")
def test_to_gpu_without_gpu_says_so():
    with pytest.raises(RuntimeError, match="GPU"):
        Holder().to_gpu()


def test_to_intel64_without_plugin_raises():
    try:
        import chainer_mkldnn  # noqa: F401

        pytest.skip("chainer-mkldnn is installed")
    except ImportError:
        pass
    with pytest.raises(Exception, match="intel64|mkldnn|oneDNN|plugin"):
        Holder().to_intel64()


@pytest.mark.gpu
def test_to_gpu_and_back():
    if not cuda.available:
        pytest.skip("no GPU")
    cupy = cuda.cupy
    chain = Chain(h=Holder())
    chain.h.w.grad = numpy.ones(2, dtype=numpy.float32)
    assert chain.to_gpu() is chain
    assert chain.device == chainer.get_device("@cupy:0") == chain.h.device
    assert chain.xp is cupy
    assert isinstance(chain.h.w.array, cupy.ndarray)
    assert isinstance(chain.h.w.grad, cupy.ndarray)
    assert isinstance(chain.h.arr, cupy.ndarray) and chain.h.scalar == 1.5
    chain.h.lazy.initialize((3,))
    assert isinstance(chain.h.lazy.array, cupy.ndarray)
    chain.to_device("@numpy")
    assert isinstance(chain.h.w.array, numpy.ndarray) and isinstance(chain.h.arr, numpy.ndarray)
    chain.to_gpu(0)
    assert isinstance(chain.h.w.array, cupy.ndarray)
    chain.to_cpu()
    assert chain.xp is numpy and isinstance(chain.h.lazy.array, numpy.ndarray)
