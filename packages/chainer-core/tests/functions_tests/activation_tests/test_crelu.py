"""F.crelu along several axes: forward, backward and double backward; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.crelu import crelu
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
class TestCReLU(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)
        self.shape, self.axis = self.shape_axis

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (crelu(inputs[0], axis=self.axis),)

    def forward_expected(self, inputs):
        x = inputs[0]
        y = numpy.concatenate((numpy.where(x > 0, x, 0), numpy.where(x < 0, -x, 0)), axis=self.axis)
        return (y.astype(self.dtype),)


def test_crelu_default_axis_and_gradient():
    x = chainer.Variable(numpy.array([[-1.0, 2.0]], numpy.float32))
    y = crelu(x)
    assert y.shape == (1, 4)
    numpy.testing.assert_array_equal(y.array, [[0, 2, 1, 0]])
    y.grad = numpy.array([[1.0, 2.0, 3.0, 4.0]], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[-3.0, 2.0]])


@pytest.mark.parametrize("axis", [2, -3])
def test_crelu_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType) as info:
        crelu(numpy.ones((2, 3), numpy.float32), axis=axis)
    assert "CReLU" in str(info.value) and f"axis == {axis}" in str(info.value)


def test_crelu_axis_must_be_an_int():
    with pytest.raises(TypeError, match="axis must be an int"):
        crelu(numpy.ones((2, 3), numpy.float32), axis="1")


def test_crelu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="CReLU"):
        crelu(numpy.ones((2, 3), numpy.int32))
