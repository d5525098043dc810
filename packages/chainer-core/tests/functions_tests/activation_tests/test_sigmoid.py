"""F.sigmoid: forward, backward and double backward; errors."""

import warnings

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.sigmoid import sigmoid
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
class TestSigmoid(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-3, 3, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (sigmoid(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.asarray(1 / (1 + numpy.exp(-x))).astype(self.dtype),)


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_sigmoid_saturates_without_overflow(dtype):
    x = chainer.Variable(numpy.array([-1000.0, 0.0, 1000.0]).astype(dtype))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = sigmoid(x)
        y.grad = numpy.ones(3, dtype)
        y.backward()
    numpy.testing.assert_allclose(y.array, [0.0, 0.5, 1.0])
    numpy.testing.assert_allclose(x.grad, [0.0, 0.25, 0.0])
    assert y.dtype == dtype and x.grad.dtype == dtype


def test_sigmoid_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="Sigmoid"):
        sigmoid(numpy.ones((2,), numpy.int32))
