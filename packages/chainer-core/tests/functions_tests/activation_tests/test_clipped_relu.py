"""F.clipped_relu: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.clipped_relu import clipped_relu
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
            "z": [0.75, 20.0],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestClippedReLU(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (clipped_relu(inputs[0], self.z),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.minimum(numpy.maximum(x, 0), self.z).astype(self.dtype),)


def test_clipped_relu_default_cap_is_20():
    x = numpy.array([-1.0, 5.0, 25.0], numpy.float32)
    numpy.testing.assert_array_equal(clipped_relu(x).array, [0, 5, 20])


def test_clipped_relu_gradient():
    x = chainer.Variable(numpy.array([-1.0, 0.5, 2.0], numpy.float64))
    y = clipped_relu(x, 1.0)
    y.grad = numpy.ones(3)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0, 1, 0])


def test_clipped_relu_accepts_int_cap():
    x = numpy.array([3.0, 7.0], numpy.float16)
    y = clipped_relu(x, 6)
    assert y.dtype == numpy.float16
    numpy.testing.assert_array_equal(y.array, [3, 6])


@pytest.mark.parametrize("z", [0.0, -1.0])
def test_clipped_relu_cap_must_be_positive(z):
    with pytest.raises(ValueError, match="z must be positive"):
        clipped_relu(numpy.ones((2,), numpy.float32), z)


@pytest.mark.parametrize("z", ["1", None, True])
def test_clipped_relu_cap_must_be_a_number(z):
    with pytest.raises(TypeError, match="z must be a real number"):
        clipped_relu(numpy.ones((2,), numpy.float32), z)


def test_clipped_relu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="ClippedReLU"):
        clipped_relu(numpy.ones((2,), numpy.int32))
