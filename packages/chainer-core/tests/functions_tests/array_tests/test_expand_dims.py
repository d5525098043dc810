"""F.expand_dims."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.expand_dims import expand_dims
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_axis": [
                ((3, 2), 0),
                ((3, 2), 1),
                ((3, 2), 2),
                ((3, 2), -1),
                ((3, 2), -3),
                ((), 0),
                ((), -1),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestExpandDims(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.axis = self.shape_axis
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (expand_dims(inputs[0], self.axis),)

    def forward_expected(self, inputs):
        (x,) = inputs
        ndim = x.ndim + 1
        axis = self.axis % ndim
        shape = x.shape[:axis] + (1,) + x.shape[axis:]
        return (x.reshape(shape),)


@pytest.mark.parametrize("axis", [3, -4])
def test_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType) as info:
        expand_dims(numpy.ones((3, 2), numpy.float32), axis)
    message = str(info.value)
    assert "Invalid operation is performed in: ExpandDims (Forward)" in message
    assert "x.ndim" in message


@pytest.mark.parametrize("axis", [1.0, True, None, (0,)])
def test_axis_must_be_int(axis):
    with pytest.raises(TypeError, match="expand_dims: axis must be an int"):
        expand_dims(numpy.ones((3, 2), numpy.float32), axis)
