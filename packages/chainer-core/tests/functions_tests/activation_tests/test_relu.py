"""F.relu: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.relu import relu
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
            "shape": [(3, 2), (2, 3, 4), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestReLU(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (relu(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0]
        return (numpy.asarray(numpy.where(x > 0, x, 0)).astype(self.dtype),)


def test_relu_gradient_is_the_step_function():
    x = chainer.Variable(numpy.array([-2.0, -0.5, 0.0, 0.5, 3.0], numpy.float32))
    y = relu(x)
    y.grad = numpy.full(5, 2.0, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(y.array, [0, 0, 0, 0.5, 3])
    numpy.testing.assert_array_equal(x.grad, [0, 0, 0, 2, 2])


def test_relu_keeps_nan():
    y = relu(numpy.array([numpy.nan, -1.0], numpy.float32))
    assert numpy.isnan(y.array[0]) and y.array[1] == 0


def test_relu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        relu(numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: ReLU (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


def test_relu_two_inputs_is_invalid():
    from chainer.functions.activation.relu import ReLU

    x = numpy.ones((2,), numpy.float32)
    with pytest.raises(type_check.InvalidType):
        ReLU().apply((x, x))
