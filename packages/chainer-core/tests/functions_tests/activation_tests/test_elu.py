"""F.elu: forward, backward and double backward; errors."""

import warnings

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.elu import elu
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
            "alpha": [1.0, 0.5, -0.25],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestELU(testing.FunctionTestCase):
    # For alpha != 1 the derivative has a step at 0.
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-2, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (elu(inputs[0], alpha=self.alpha),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        y = numpy.where(x >= 0, x, self.alpha * (numpy.exp(x) - 1))
        return (y.astype(self.dtype),)


def test_elu_default_alpha_and_gradient():
    x = chainer.Variable(numpy.array([-1.0, 0.0, 2.0], numpy.float64))
    y = elu(x)
    numpy.testing.assert_allclose(y.array, [numpy.exp(-1) - 1, 0.0, 2.0])
    y.grad = numpy.ones(3)
    y.backward()
    numpy.testing.assert_allclose(x.grad, [numpy.exp(-1), 1.0, 1.0])


def test_elu_large_input_does_not_overflow():
    x = chainer.Variable(numpy.array([-100.0, 100.0, 60000.0], numpy.float16))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = elu(x)
        y.grad = numpy.ones(3, numpy.float16)
        y.backward()
    numpy.testing.assert_allclose(y.array, [-1.0, 100.0, 60000.0])
    numpy.testing.assert_allclose(x.grad, [0.0, 1.0, 1.0])


def test_elu_second_derivative():
    x = chainer.Variable(numpy.array([-1.0, 2.0], numpy.float64))
    (gx,) = chainer.grad(
        [elu(x, 2.0)], [x], grad_outputs=[numpy.ones(2)], enable_double_backprop=True
    )
    (ggx,) = chainer.grad([gx], [x], grad_outputs=[numpy.ones(2)])
    numpy.testing.assert_allclose(ggx.array, [2.0 * numpy.exp(-1.0), 0.0])


def test_elu_alpha_must_be_a_number():
    with pytest.raises(TypeError, match="alpha must be a real number"):
        elu(numpy.ones((2,), numpy.float32), alpha=None)


def test_elu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="ELU"):
        elu(numpy.ones((2,), numpy.int32))
