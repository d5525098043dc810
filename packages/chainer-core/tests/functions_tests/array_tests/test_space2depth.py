"""F.space2depth."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.space2depth import space2depth
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_r": [((2, 3, 4, 6), 2), ((1, 2, 3, 3), 3), ((1, 2, 2, 4), 1)],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape_r": [((2, 3, 4, 6), 2)],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSpace2Depth(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape_r[0]).astype(self.dtype),)

    def forward(self, inputs, device):
        return (space2depth(inputs[0], self.shape_r[1]),)

    def forward_expected(self, inputs):
        (x,) = inputs
        r = self.shape_r[1]
        n, c, h, w = x.shape
        y = numpy.empty((n, r * r * c, h // r, w // r), x.dtype)
        for i in range(r):
            for j in range(r):
                for k in range(c):
                    y[:, (i * r + j) * c + k] = x[:, k, i::r, j::r]
        return (y,)


def test_documented_layout():
    x = numpy.arange(24, dtype=numpy.float32).reshape(1, 1, 4, 6)
    y = space2depth(x, 2).array
    numpy.testing.assert_array_equal(y[0, 0], [[0, 2, 4], [12, 14, 16]])
    numpy.testing.assert_array_equal(y[0, 1], [[1, 3, 5], [13, 15, 17]])
    numpy.testing.assert_array_equal(y[0, 2], [[6, 8, 10], [18, 20, 22]])
    numpy.testing.assert_array_equal(y[0, 3], [[7, 9, 11], [19, 21, 23]])


def test_indivisible_size():
    with pytest.raises(type_check.InvalidType) as info:
        space2depth(numpy.zeros((1, 1, 4, 5), numpy.float32), 2)
    assert "Invalid operation is performed in: Space2Depth (Forward)" in str(info.value)
    assert "X.shape[3] % r == 0" in str(info.value)


def test_not_4d_or_not_float():
    with pytest.raises(type_check.InvalidType) as info:
        space2depth(numpy.zeros((1, 4, 4), numpy.float32), 2)
    assert "X.ndim == 4" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        space2depth(numpy.zeros((1, 1, 4, 4), numpy.int32), 2)
    assert "X.dtype.kind == f" in str(info.value)


def test_bad_r():
    with pytest.raises(ValueError, match="space2depth: r must be positive"):
        space2depth(numpy.zeros((1, 1, 4, 4), numpy.float32), 0)
    with pytest.raises(TypeError, match="space2depth: r must be an int"):
        space2depth(numpy.zeros((1, 1, 4, 4), numpy.float32), 2.0)
