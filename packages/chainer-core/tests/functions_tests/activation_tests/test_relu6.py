"""F.relu6: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.relu6 import relu6
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
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestReLU6(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-2, 8, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (relu6(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.minimum(numpy.maximum(x, 0), 6).astype(self.dtype),)


def test_relu6_values_and_gradient():
    x = chainer.Variable(numpy.array([-1.0, 3.0, 6.5, 10.0], numpy.float32))
    y = relu6(x)
    numpy.testing.assert_array_equal(y.array, [0, 3, 6, 6])
    y.grad = numpy.ones(4, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0, 1, 0, 0])
    assert y.creator.label == "ReLU6"


def test_relu6_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="ReLU6"):
        relu6(numpy.ones((2,), numpy.int32))
