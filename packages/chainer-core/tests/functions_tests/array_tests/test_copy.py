"""F.copy."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.copy import copy

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCopy(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (copy(inputs[0], device),)

    def forward_expected(self, inputs):
        return (inputs[0].copy(),)


@pytest.mark.parametrize("dst", [-1, "@numpy", numpy, chainer.backend.CpuDevice()])
def test_cpu_to_cpu_is_a_view(dst):
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    y = copy(x, dst)
    assert isinstance(y.array, numpy.ndarray)
    assert y.array is not x.array
    assert numpy.shares_memory(y.array, x.array)
    y.grad = numpy.ones((2, 3), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.ones((2, 3)))


@pytest.mark.parametrize("dst", ["nonsense", "@numpy:3", (numpy, 2)])
def test_bad_device_specifier(dst):
    with pytest.raises(ValueError):
        copy(numpy.ones((2,), numpy.float32), dst)


@testing.attr.gpu
def test_cpu_gpu_round_trip():
    import cupy

    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    y = copy(x, "@cupy:0")
    assert isinstance(y.array, cupy.ndarray)
    z = copy(y * 2, -1)
    assert isinstance(z.array, numpy.ndarray)
    numpy.testing.assert_array_equal(z.array, x.array * 2)
    z.grad = numpy.ones((2, 3), numpy.float32)
    z.backward()
    assert isinstance(x.grad, numpy.ndarray)
    numpy.testing.assert_array_equal(x.grad, numpy.full((2, 3), 2.0))
    # The CuPy-side gradient of the Variable on the GPU stays on the GPU.
    gy = chainer.grad([copy(y, 0)], [y], grad_outputs=[cupy.ones((2, 3), cupy.float32)])[0]
    assert isinstance(gy.array, cupy.ndarray)
