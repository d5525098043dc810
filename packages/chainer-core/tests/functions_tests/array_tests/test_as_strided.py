"""F.as_strided (shape, strides and offset counted in elements of x, C order)."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.as_strided import as_strided
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((4,), (3, 2), (1, 1), 0),  # overlapping windows
                ((2, 3), (3, 2), (1, 3), 0),  # a transpose, no overlap
                ((6,), (2, 2), (-1, 2), 1),  # a negative stride
                ((3, 4), (2, 3, 2), (4, 1, 0), 1),  # a zero stride (broadcast)
                ((5,), (), (), 2),  # one element
                ((2, 3), (2,), (2,), None),  # the default offset
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestAsStrided(testing.FunctionTestCase):
    def setUp(self):
        self.in_shape, self.shape, self.strides, self.offset = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-2 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.in_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (as_strided(inputs[0], self.shape, self.strides, self.offset),)

    def forward_expected(self, inputs):
        flat = numpy.ascontiguousarray(inputs[0]).reshape(-1)
        offset = self.offset or 0
        y = numpy.empty(self.shape, flat.dtype)
        for position in numpy.ndindex(*self.shape):
            y[position] = flat[offset + sum(i * s for i, s in zip(position, self.strides))]
        return (y,)


def test_overlapping_reads_sum_their_gradients():
    x = chainer.Variable(numpy.arange(4, dtype=numpy.float32))
    y = as_strided(x, (3, 2), (1, 1), 0)
    numpy.testing.assert_array_equal(y.array, [[0, 1], [1, 2], [2, 3]])
    y.grad = numpy.ones((3, 2), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [1, 2, 2, 1])


def test_output_does_not_alias_input():
    x = numpy.arange(4, dtype=numpy.float32)
    y = as_strided(x, (2,), (1,), 1)
    y.array[...] = -1
    numpy.testing.assert_array_equal(x, [0, 1, 2, 3])


def test_read_past_the_end():
    with pytest.raises(type_check.InvalidType) as info:
        as_strided(numpy.ones((4,), numpy.float32), (3, 2), (1, 2), 0)
    message = str(info.value)
    assert "Invalid operation is performed in: AsStrided (Forward)" in message
    assert "x.size > 4" in message


def test_read_before_the_start():
    with pytest.raises(ValueError, match="as_strided: .* read flat index -1"):
        as_strided(numpy.ones((4,), numpy.float32), (2,), (-1,), 0)


def test_empty_shape_reads_nothing():
    y = as_strided(numpy.ones((1,), numpy.float32), (0, 3), (100, 100), 50)
    assert y.shape == (0, 3)


def test_bad_arguments():
    x = numpy.ones((4,), numpy.float32)
    with pytest.raises(ValueError, match="strides must have one entry per axis"):
        as_strided(x, (2, 2), (1,))
    with pytest.raises(ValueError, match="shape must not hold negative sizes"):
        as_strided(x, (-1,), (1,))
    with pytest.raises(TypeError, match="as_strided: shape must be a tuple of ints"):
        as_strided(x, (2.0,), (1,))
    with pytest.raises(TypeError, match="as_strided: storage_offset must be None or an int"):
        as_strided(x, (2,), (1,), 0.5)
