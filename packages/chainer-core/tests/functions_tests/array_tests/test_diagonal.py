"""F.diagonal."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.diagonal import diagonal
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((3, 4), 0, 0, 1),
                ((3, 4), 1, 0, 1),
                ((3, 4), -2, 0, 1),
                ((3, 4), 0, 1, 0),
                ((2, 3, 4), 0, 1, 2),
                ((2, 3, 4), 1, 2, 0),
                ((2, 3, 4), -1, -1, 0),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDiagonal(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.offset, self.axis1, self.axis2 = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (diagonal(inputs[0], self.offset, self.axis1, self.axis2),)

    def forward_expected(self, inputs):
        (x,) = inputs
        return (numpy.diagonal(x, self.offset, self.axis1, self.axis2).copy(),)


def test_empty_diagonal_and_its_gradient():
    import chainer

    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    y = diagonal(x, offset=5)
    assert y.shape == (0,)
    y.grad = numpy.zeros((0,), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.zeros((2, 3)))


def test_gradient_lands_on_the_diagonal():
    import chainer

    x = chainer.Variable(numpy.zeros((3, 4), numpy.float32))
    y = diagonal(x, offset=1)
    y.grad = numpy.array([1, 2, 3], numpy.float32)
    y.backward()
    expected = numpy.zeros((3, 4), numpy.float32)
    expected[0, 1], expected[1, 2], expected[2, 3] = 1, 2, 3
    numpy.testing.assert_array_equal(x.grad, expected)


def test_needs_two_dimensions():
    with pytest.raises(type_check.InvalidType) as info:
        diagonal(numpy.ones((3,), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: Diagonal (Forward)" in message
    assert "x.ndim >= 2" in message


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType):
        diagonal(numpy.ones((3, 4), numpy.float32), axis1=0, axis2=2)


def test_same_axes():
    with pytest.raises(ValueError, match="axis1 .* and axis2 .* name the same axis"):
        diagonal(numpy.ones((3, 4), numpy.float32), axis1=1, axis2=-1)


def test_non_int_arguments():
    with pytest.raises(TypeError, match="diagonal: offset must be an int"):
        diagonal(numpy.ones((3, 4), numpy.float32), offset=0.5)
