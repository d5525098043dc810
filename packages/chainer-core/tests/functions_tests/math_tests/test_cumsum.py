"""F.cumsum along an axis or over the flattened input."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.cumsum import cumsum
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 4)],
            "axis": [None, 0, -1],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape": [(), (5,)],
            "axis": [None],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCumsum(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        return (numpy.asarray(numpy.random.uniform(-1, 1, self.shape)).astype(self.dtype),)

    def forward(self, inputs, device):
        y = cumsum(inputs[0], axis=self.axis)
        return (y * y,)  # cumsum is linear; squaring gives double backward a non-zero check

    def forward_expected(self, inputs):
        y = numpy.cumsum(inputs[0].astype(numpy.float64), axis=self.axis)
        return ((y * y).astype(self.dtype),)


def test_cumsum_gradient_is_the_sum_from_the_end():
    x = chainer.Variable(numpy.zeros((2, 3), numpy.float32))
    y = cumsum(x, axis=1)
    y.grad = numpy.array([[1, 2, 3], [4, 5, 6]], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[6, 5, 3], [15, 11, 6]])


def test_cumsum_none_flattens():
    x = numpy.arange(6, dtype=numpy.float64).reshape(2, 3)
    y = cumsum(x)
    assert y.shape == (6,)
    numpy.testing.assert_array_equal(y.array, numpy.cumsum(x))


def test_cumsum_of_int_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        cumsum(numpy.ones((2, 3), numpy.int32), axis=0)
    message = str(info.value)
    assert "Invalid operation is performed in: cumsum (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


@pytest.mark.parametrize("axis", [2, -3])
def test_cumsum_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType) as info:
        cumsum(numpy.ones((2, 3), numpy.float32), axis=axis)
    assert f"axis == {axis}" in str(info.value)
    assert "x.ndim == 2" in str(info.value)


@pytest.mark.parametrize("axis", [(0,), 1.0, "0", True])
def test_cumsum_axis_must_be_an_int(axis):
    with pytest.raises(TypeError, match="cumsum: axis must be None or an int"):
        cumsum(numpy.ones((2, 3), numpy.float32), axis=axis)
