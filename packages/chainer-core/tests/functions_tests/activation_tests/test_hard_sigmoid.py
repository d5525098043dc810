"""F.hard_sigmoid: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.hard_sigmoid import hard_sigmoid
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
class TestHardSigmoid(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-4, 4, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (hard_sigmoid(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.clip(0.2 * x + 0.5, 0.0, 1.0).astype(self.dtype),)


def test_hard_sigmoid_values_and_gradient():
    x = chainer.Variable(numpy.array([-3.0, -1.0, 0.0, 2.0, 3.0], numpy.float64))
    y = hard_sigmoid(x)
    numpy.testing.assert_allclose(y.array, [0.0, 0.3, 0.5, 0.9, 1.0])
    y.grad = numpy.ones(5)
    y.backward()
    numpy.testing.assert_allclose(x.grad, [0.0, 0.2, 0.2, 0.2, 0.0])


def test_hard_sigmoid_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="HardSigmoid"):
        hard_sigmoid(numpy.ones((2,), numpy.int32))
