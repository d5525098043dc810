"""F.tile."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.tile import tile

_BACKENDS = [{}, {"use_cuda": True}]


def _tiled(x, reps):
    # Reference from the definition: out[i] = x[i mod shape], after padding
    # the shorter of x.shape and reps with leading ones.
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    ndim = max(x.ndim, len(reps))
    x = x.reshape((1,) * (ndim - x.ndim) + x.shape)
    reps = (1,) * (ndim - len(reps)) + reps
    out_shape = tuple(s * r for s, r in zip(x.shape, reps))
    out = numpy.empty(out_shape, x.dtype)
    for index in numpy.ndindex(out_shape):
        out[index] = x[tuple(i % s for i, s in zip(index, x.shape))]
    return out


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_reps": [
                ((3, 2), 2),
                ((3, 2), (2, 3)),
                ((3, 2), (2, 1, 2)),
                ((2, 3, 2), (2, 1)),
                ((3, 2), (1, 1)),
                ((), (3, 2)),
                ((3,), [2]),
            ],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape_reps": [((3, 2), (2, 3))],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestTile(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        if self.dtype == numpy.float16:
            self.check_backward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_double_backward_options = {"atol": 5e-3, "rtol": 5e-3}
        else:
            self.check_backward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-5, "rtol": 1e-5}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape_reps[0]).astype(self.dtype),)

    def forward(self, inputs, device):
        return (tile(inputs[0], self.shape_reps[1]),)

    def forward_expected(self, inputs):
        return (_tiled(inputs[0], self.shape_reps[1]),)


def test_zero_reps():
    x = numpy.ones((2, 3), numpy.float32)
    assert tile(x, (0, 2)).shape == (0, 6)


def test_negative_reps():
    with pytest.raises(ValueError, match="tile: every element of reps must be zero or larger"):
        tile(numpy.ones((2,), numpy.float32), (2, -1))


def test_bad_reps_type():
    with pytest.raises(TypeError, match="tile: reps must be an int or a tuple of ints"):
        tile(numpy.ones((2,), numpy.float32), 1.5)
