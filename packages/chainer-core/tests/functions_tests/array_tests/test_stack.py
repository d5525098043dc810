"""F.stack."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.stack import stack
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
            ],
            "n": [1, 3],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape_axis": [((3, 2), 1)],
            "n": [3],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestStack(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        shape = self.shape_axis[0]
        return tuple(numpy.random.uniform(-1, 1, shape).astype(self.dtype) for _ in range(self.n))

    def forward(self, inputs, device):
        return (stack(list(inputs), self.shape_axis[1]),)

    def forward_expected(self, inputs):
        shape, axis = self.shape_axis
        axis %= len(shape) + 1
        out = numpy.empty(shape[:axis] + (self.n,) + shape[axis:], self.dtype)
        for i, x in enumerate(inputs):
            out[(slice(None),) * axis + (i,)] = x
        return (out,)


def test_shape_mismatch():
    a = numpy.zeros((3, 2), numpy.float32)
    b = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        stack([a, b])
    assert "Invalid operation is performed in: Stack (Forward)" in str(info.value)
    assert "xs[0].shape == xs[1].shape" in str(info.value)


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        stack([numpy.zeros(2, numpy.float32), numpy.zeros(2, numpy.float64)])
    assert "xs[0].dtype == xs[1].dtype" in str(info.value)


def test_axis_out_of_range():
    x = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        stack([x, x], 3)
    assert "xs[0].ndim >= 3" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        stack([x, x], -4)
    assert "xs[0].ndim + 1 >= 4" in str(info.value)


def test_empty_list():
    with pytest.raises(type_check.InvalidType):
        stack([])
