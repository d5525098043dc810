"""F.flip."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.flip import flip
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_axis": [((3, 2), 0), ((3, 2), 1), ((3, 2), -1), ((2, 3, 4), -2), ((4,), 0)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFlip(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.axis = self.shape_axis
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (flip(inputs[0], self.axis),)

    def forward_expected(self, inputs):
        (x,) = inputs
        index = [slice(None)] * x.ndim
        index[self.axis] = slice(None, None, -1)
        return (x[tuple(index)].copy(),)


@pytest.mark.parametrize("shape, axis", [((3, 2), 2), ((3, 2), -3), ((), 0)])
def test_axis_out_of_range(shape, axis):
    with pytest.raises(type_check.InvalidType) as info:
        flip(numpy.ones(shape, numpy.float32), axis)
    assert "Invalid operation is performed in: Flip (Forward)" in str(info.value)


@pytest.mark.parametrize("axis", [None, 1.0, (0,), True])
def test_axis_must_be_int(axis):
    with pytest.raises(TypeError, match="flip: axis must be an int"):
        flip(numpy.ones((3, 2), numpy.float32), axis)
