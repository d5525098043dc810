"""F.swish with beta of several shapes: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.swish import swish
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


_PARAMS = testing.product(
    {
        "shapes": [((4, 3, 2), ()), ((4, 3, 2), (3,)), ((4, 3, 2), (3, 2)), ((3, 2), (2,))],
        "dtype": [numpy.float16, numpy.float32, numpy.float64],
        "contiguous": [None, "C"],
    }
)


def _broadcast(p, x_ndim):
    return p.reshape((1,) + p.shape + (1,) * (x_ndim - 1 - p.ndim))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestSwish(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.beta_shape = self.shapes

    def generate_inputs(self):
        x = numpy.random.uniform(-2, 2, self.x_shape).astype(self.dtype)
        beta = numpy.random.uniform(-1, 2, self.beta_shape).astype(self.dtype)
        return x, beta

    def forward(self, inputs, device):
        x, beta = inputs
        return (swish(x, beta),)

    def forward_expected(self, inputs):
        x, beta = (a.astype(numpy.float64) for a in inputs)
        y = x / (1 + numpy.exp(-_broadcast(beta, x.ndim) * x))
        return (y.astype(self.dtype),)


def test_swish_gradients():
    x = chainer.Variable(numpy.array([[1.0, -2.0]], numpy.float64))
    beta = chainer.Variable(numpy.array([1.0, 0.0]))
    y = swish(x, beta)
    s = 1 / (1 + numpy.exp(-1.0))
    numpy.testing.assert_allclose(y.array, [[s, -1.0]])
    y.grad = numpy.ones((1, 2))
    y.backward()
    numpy.testing.assert_allclose(x.grad, [[s + s * (1 - s), 0.5]])
    numpy.testing.assert_allclose(beta.grad, [s * (1 - s), 4 * 0.25])


def test_swish_beta_shape_must_match():
    with pytest.raises(type_check.InvalidType) as info:
        swish(numpy.ones((4, 3), numpy.float32), numpy.ones((2,), numpy.float32))
    assert "Swish" in str(info.value) and "beta.shape" in str(info.value)


def test_swish_beta_dtype_must_match():
    with pytest.raises(type_check.InvalidType, match="beta.dtype == x.dtype"):
        swish(numpy.ones((2, 3), numpy.float32), numpy.ones((3,), numpy.float16))
