"""F.prelu with slopes of several shapes: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.prelu import prelu
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
class TestPReLU(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.w_shape = self.shapes

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        return x, W

    def forward(self, inputs, device):
        x, W = inputs
        return (prelu(x, W),)

    def forward_expected(self, inputs):
        x, W = (a.astype(numpy.float64) for a in inputs)
        y = numpy.where(x >= 0, x, x * _broadcast(W, x.ndim))
        return (y.astype(self.dtype),)


def test_prelu_gradients():
    x = chainer.Variable(numpy.array([[-2.0, 3.0], [-1.0, -4.0]], numpy.float64))
    W = chainer.Variable(numpy.array([0.5, 0.25]))
    y = prelu(x, W)
    numpy.testing.assert_allclose(y.array, [[-1.0, 3.0], [-0.5, -1.0]])
    y.grad = numpy.ones((2, 2))
    y.backward()
    numpy.testing.assert_allclose(x.grad, [[0.5, 1.0], [0.5, 0.25]])
    numpy.testing.assert_allclose(W.grad, [-3.0, -4.0])


def test_prelu_with_constant_slope_only_needs_the_input_gradient():
    x = chainer.Variable(numpy.array([[-2.0, 3.0]], numpy.float32))
    y = prelu(x, numpy.array([0.5, 0.5], numpy.float32))
    y.grad = numpy.ones((1, 2), numpy.float32)
    y.backward()
    numpy.testing.assert_allclose(x.grad, [[0.5, 1.0]])


@pytest.mark.parametrize("w_shape", [(2,), (3, 1), (3, 2, 4, 1)])
def test_prelu_slope_shape_must_match(w_shape):
    x = numpy.ones((4, 3, 2), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        prelu(x, numpy.ones(w_shape, numpy.float32))
    assert "PReLUFunction" in str(info.value)
    assert "W" in str(info.value)


def test_prelu_slope_dtype_must_match():
    with pytest.raises(type_check.InvalidType, match="W.dtype == x.dtype"):
        prelu(numpy.ones((2, 3), numpy.float32), numpy.ones((3,), numpy.float64))


def test_prelu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="x.dtype.kind == f"):
        prelu(numpy.ones((2, 3), numpy.int32), numpy.ones((3,), numpy.int32))
