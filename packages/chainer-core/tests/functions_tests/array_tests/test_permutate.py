"""F.permutate."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.permutate import permutate
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((3, 2), [2, 0, 1], 0, False),
                ((3, 2), [2, 0, 1], 0, True),
                ((3, 2), [1, 0], 1, False),
                ((2, 3, 4), [3, 0, 2, 1], -1, True),
                ((4,), [0, 1, 2, 3], 0, False),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestPermutate(testing.FunctionTestCase):
    def setUp(self):
        self.shape, indices, self.axis, self.inv = self.case
        self.indices = numpy.array(indices, numpy.int32)
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (permutate(inputs[0], device.send(self.indices), self.axis, self.inv),)

    def forward_expected(self, inputs):
        x = numpy.moveaxis(inputs[0], self.axis, 0)
        y = numpy.empty_like(x)
        for i, j in enumerate(self.indices):
            if self.inv:
                y[j] = x[i]
            else:
                y[i] = x[j]
        return (numpy.moveaxis(y, 0, self.axis).copy(),)


def test_documented_examples():
    x = numpy.arange(6).reshape((3, 2)).astype(numpy.float32)
    indices = numpy.array([2, 0, 1], numpy.int32)
    numpy.testing.assert_array_equal(permutate(x, indices).array, [[4, 5], [0, 1], [2, 3]])
    numpy.testing.assert_array_equal(
        permutate(x, indices, inv=True).array, [[2, 3], [4, 5], [0, 1]]
    )
    numpy.testing.assert_array_equal(
        permutate(x, numpy.array([1, 0], numpy.int32), axis=1).array, [[1, 0], [3, 2], [5, 4]]
    )


def test_indices_variable_gets_no_gradient():
    x = chainer.Variable(numpy.arange(3, dtype=numpy.float32))
    indices = chainer.Variable(numpy.array([1, 2, 0], numpy.int32))
    y = permutate(x, indices)
    y.grad = numpy.array([10, 20, 30], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [30, 10, 20])


@pytest.mark.parametrize("indices", [[0, 0, 1], [0, 1, 3], [-1, 0, 1]])
def test_not_a_permutation(indices):
    with pytest.raises(ValueError, match="permutate: indices must be a permutation of 0 .. 2"):
        permutate(numpy.ones((3,), numpy.float32), numpy.array(indices, numpy.int32))


def test_length_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        permutate(numpy.ones((3, 2), numpy.float32), numpy.array([1, 0], numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: Permutate (Forward)" in message
    assert "x.shape[0] == indices.shape[0]" in message


def test_float_indices():
    with pytest.raises(type_check.InvalidType) as info:
        permutate(numpy.ones((2,), numpy.float32), numpy.array([1.0, 0.0], numpy.float32))
    assert "indices.dtype.kind == i" in str(info.value).replace("'", "")


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType):
        permutate(numpy.ones((2,), numpy.float32), numpy.array([1, 0], numpy.int32), axis=1)
