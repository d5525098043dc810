"""F.separate."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.separate import separate
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_axis": [((3, 2, 2), 0), ((3, 2, 2), 1), ((3, 2, 2), -1), ((3,), 0), ((1, 2), 0)],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape_axis": [((3, 2, 2), 1)],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSeparate(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape_axis[0]).astype(self.dtype),)

    def forward(self, inputs, device):
        return separate(inputs[0], self.shape_axis[1])

    def forward_expected(self, inputs):
        (x,) = inputs
        axis = self.shape_axis[1] % x.ndim
        moved = numpy.moveaxis(x, axis, 0)
        return tuple(numpy.array(moved[i]) for i in range(x.shape[axis]))


def test_gradient_of_unused_outputs_is_zero():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(3, 2))
    ys = separate(x, 0)
    ys[1].grad = numpy.ones(2, numpy.float32)
    ys[1].backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 0], [1, 1], [0, 0]])


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType) as info:
        separate(numpy.zeros((3, 2), numpy.float32), 2)
    assert "Invalid operation is performed in: Separate (Forward)" in str(info.value)
    assert "x.ndim > 2" in str(info.value)
    with pytest.raises(type_check.InvalidType):
        separate(numpy.zeros((3, 2), numpy.float32), -3)


def test_non_int_axis():
    with pytest.raises(TypeError, match="separate: axis must be an int"):
        separate(numpy.zeros((3, 2), numpy.float32), "0")
