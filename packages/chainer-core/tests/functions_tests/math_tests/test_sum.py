"""F.sum over all axes, one axis, negative axes, several axes, with and without keepdims."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 4, 2)],
            "axis": [None, 0, 1, -1, (0, 2), (-1, 0), (0, 1, 2)],
            "keepdims": [False, True],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape": [()],
            "axis": [None],
            "keepdims": [False, True],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape": [(5,)],
            "axis": [None, 0, -1],
            "keepdims": [False, True],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSum(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        return (F.sum(x, axis=self.axis, keepdims=self.keepdims),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        y = numpy.sum(x, axis=self.axis, keepdims=self.keepdims)
        return (numpy.asarray(y).astype(self.dtype),)


def test_sum_gradient_is_ones():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    y = F.sum(x, axis=1)
    y.grad = numpy.array([1.0, 2.0], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[1, 1, 1], [2, 2, 2]])


def test_sum_of_int_is_refused_as_in_chainer_v7():
    x = numpy.arange(6, dtype=numpy.int32).reshape(2, 3)
    with pytest.raises(type_check.InvalidType, match="x.dtype.kind == f"):
        F.sum(x, axis=0)


@pytest.mark.parametrize("axis", [2, -3, (0, 2)])
def test_sum_axis_out_of_range(axis):
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.sum(x, axis=axis)
    assert "Sum" in str(info.value)
    assert "Expect:" in str(info.value)


def test_sum_duplicate_axis():
    with pytest.raises(ValueError, match="duplicate"):
        F.sum(numpy.ones((2, 3), numpy.float32), axis=(0, 0))


@pytest.mark.parametrize("axis", [1.5, [0], (0, "a")])
def test_sum_bad_axis_type(axis):
    with pytest.raises(TypeError, match="axis"):
        F.sum(numpy.ones((2, 3), numpy.float32), axis=axis)
