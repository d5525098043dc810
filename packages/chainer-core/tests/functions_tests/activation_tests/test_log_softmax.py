"""F.log_softmax along every axis: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.log_softmax import log_softmax
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
        "shape_axis": [
            ((3, 4), 1),
            ((3, 4), 0),
            ((3, 4), -1),
            ((2, 3, 4), 1),
            ((2, 3, 4), 2),
            ((5,), 0),
        ],
        "dtype": [numpy.float16, numpy.float32, numpy.float64],
        "contiguous": [None, "C"],
    }
)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestLogSoftmax(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.shape, self.axis = self.shape_axis

    def generate_inputs(self):
        return (numpy.random.uniform(-2, 2, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (log_softmax(inputs[0], axis=self.axis),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        y = x - numpy.log(numpy.exp(x).sum(axis=self.axis, keepdims=True))
        return (y.astype(self.dtype),)


def test_log_softmax_default_axis_is_1():
    x = numpy.array([[0.0, numpy.log(3.0)]], numpy.float64)
    numpy.testing.assert_allclose(log_softmax(x).array, [[numpy.log(0.25), numpy.log(0.75)]])


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_log_softmax_does_not_underflow(dtype):
    x = chainer.Variable(numpy.array([[0.0, 1000.0]], dtype))
    y = log_softmax(x)
    assert y.dtype == dtype
    numpy.testing.assert_allclose(y.array, [[-1000.0, 0.0]])
    y.grad = numpy.array([[1.0, 0.0]], dtype)
    y.backward()
    numpy.testing.assert_allclose(x.grad, [[1.0, -1.0]])


@pytest.mark.parametrize("axis", [2, -3])
def test_log_softmax_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType) as info:
        log_softmax(numpy.ones((2, 3), numpy.float32), axis=axis)
    message = str(info.value)
    assert "LogSoftmax" in message
    assert f"axis == {axis}" in message and "x.ndim == 2" in message


def test_log_softmax_axis_must_be_an_int():
    with pytest.raises(TypeError, match="axis must be an int"):
        log_softmax(numpy.ones((2, 3), numpy.float32), axis=0.5)


def test_log_softmax_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="LogSoftmax"):
        log_softmax(numpy.ones((2, 3), numpy.int32))
