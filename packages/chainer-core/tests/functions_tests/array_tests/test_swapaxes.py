"""F.swapaxes."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.swapaxes import swapaxes
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "axes": [(0, 2), (1, 0), (-1, 0), (1, 1), (-3, -2)],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {"axes": [(0, 2)], "dtype": [numpy.float16, numpy.float64], "contiguous": [None, "C"]}
    )
)
@testing.fix_random()
class TestSwapaxes(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3, 4)).astype(self.dtype),)

    def forward(self, inputs, device):
        return (swapaxes(inputs[0], *self.axes),)

    def forward_expected(self, inputs):
        (x,) = inputs
        a, b = (axis % x.ndim for axis in self.axes)
        order = list(range(x.ndim))
        order[a], order[b] = order[b], order[a]
        return (numpy.ascontiguousarray(x.transpose(order)),)


@pytest.mark.parametrize("axes, expect", [((3, 0), "x.ndim > 3"), ((0, -4), "x.ndim >= 4")])
def test_axis_out_of_range(axes, expect):
    with pytest.raises(type_check.InvalidType) as info:
        swapaxes(numpy.zeros((2, 3, 4), numpy.float32), *axes)
    assert "Invalid operation is performed in: Swapaxes (Forward)" in str(info.value)
    assert expect in str(info.value)


def test_non_int_axis():
    with pytest.raises(TypeError, match="swapaxes: axis2 must be an int"):
        swapaxes(numpy.zeros((2, 3), numpy.float32), 0, None)
