"""F.depth2space."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.depth2space import depth2space
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_r": [((2, 8, 2, 3), 2), ((1, 9, 2, 1), 3), ((1, 3, 2, 2), 1)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDepth2Space(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.r = self.shape_r
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (depth2space(inputs[0], self.r),)

    def forward_expected(self, inputs):
        (x,) = inputs
        r = self.r
        n, crr, h, w = x.shape
        c = crr // (r * r)
        y = numpy.empty((n, c, h * r, w * r), x.dtype)
        for b, k, i, j, di, dj in numpy.ndindex(n, c, h, w, r, r):
            y[b, k, i * r + di, j * r + dj] = x[b, (di * r + dj) * c + k, i, j]
        return (y,)


def test_documented_example():
    x = numpy.arange(24).reshape(1, 4, 2, 3).astype(numpy.float32)
    y = depth2space(x, 2)
    expected = [
        [0, 6, 1, 7, 2, 8],
        [12, 18, 13, 19, 14, 20],
        [3, 9, 4, 10, 5, 11],
        [15, 21, 16, 22, 17, 23],
    ]
    numpy.testing.assert_array_equal(y.array[0, 0], expected)


def test_channels_not_divisible():
    with pytest.raises(type_check.InvalidType) as info:
        depth2space(numpy.ones((1, 6, 2, 2), numpy.float32), 2)
    message = str(info.value)
    assert "Invalid operation is performed in: Depth2Space (Forward)" in message
    assert "X.shape[1] % 4 == 0" in message


@pytest.mark.parametrize(
    "x", [numpy.ones((4, 2, 2), numpy.float32), numpy.ones((1, 4, 2, 2), numpy.int32)]
)
def test_bad_input(x):
    with pytest.raises(type_check.InvalidType):
        depth2space(x, 2)


def test_bad_r():
    with pytest.raises(ValueError, match="depth2space: r must be positive"):
        depth2space(numpy.ones((1, 4, 2, 2), numpy.float32), 0)
    with pytest.raises(TypeError, match="depth2space: r must be an int"):
        depth2space(numpy.ones((1, 4, 2, 2), numpy.float32), 2.0)
