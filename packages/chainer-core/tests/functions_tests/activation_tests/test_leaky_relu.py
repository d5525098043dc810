"""F.leaky_relu: forward, backward and double backward for positive, zero and negative slopes."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.leaky_relu import leaky_relu
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4)],
            "slope": [0.2, 0.0, -0.5],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLeakyReLU(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (leaky_relu(inputs[0], slope=self.slope),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.where(x >= 0, x, self.slope * x).astype(self.dtype),)


def test_leaky_relu_default_slope_is_0_2():
    x = chainer.Variable(numpy.array([-1.0, 2.0], numpy.float32))
    y = leaky_relu(x)
    numpy.testing.assert_allclose(y.array, [-0.2, 2.0])
    y.grad = numpy.ones(2, numpy.float32)
    y.backward()
    numpy.testing.assert_allclose(x.grad, [0.2, 1.0])


def test_leaky_relu_zero_slope_has_zero_gradient_below_zero():
    x = chainer.Variable(numpy.array([-1.0, 2.0], numpy.float32))
    y = leaky_relu(x, 0.0)
    y.grad = numpy.ones(2, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 1.0])


def test_leaky_relu_numpy_float64_slope_keeps_float16():
    y = leaky_relu(numpy.array([-1.0, 1.0], numpy.float16), numpy.float64(0.1))
    assert y.dtype == numpy.float16


def test_leaky_relu_slope_must_be_a_number():
    with pytest.raises(TypeError, match="slope must be a real number"):
        leaky_relu(numpy.ones((2,), numpy.float32), "0.2")


def test_leaky_relu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="LeakyReLU"):
        leaky_relu(numpy.ones((2,), numpy.int32))
