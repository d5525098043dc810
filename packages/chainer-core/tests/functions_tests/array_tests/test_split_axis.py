"""F.split_axis."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.split_axis import split_axis
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_ios_axis": [
                ((6, 2), 3, 0),
                ((2, 6), 2, 1),
                ((2, 6), 2, -1),
                ((6, 2), [1, 4], 0),
                ((6, 2), [0, 2, 2, 6], 0),
                ((2, 6, 2), numpy.array([3]), 1),
                ((6, 2), 1, 0),
                ((6, 2), [], 0),
            ],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape_ios_axis": [((6, 2), [1, 4], 0)],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSplitAxis(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape_ios_axis[0]).astype(self.dtype),)

    def forward(self, inputs, device):
        _, ios, axis = self.shape_ios_axis
        return split_axis(inputs[0], ios, axis)

    def forward_expected(self, inputs):
        (x,) = inputs
        _, ios, axis = self.shape_ios_axis
        axis %= x.ndim
        size = x.shape[axis]
        if isinstance(ios, int):
            bounds = [size * i // ios for i in range(ios + 1)]
        else:
            bounds = [0, *list(ios), size]
        lead = (slice(None),) * axis
        return tuple(x[lead + (slice(a, b),)].copy() for a, b in zip(bounds, bounds[1:]))


def test_force_tuple():
    x = numpy.zeros((4, 2), numpy.float32)
    assert isinstance(split_axis(x, 1, 0), tuple)
    y = split_axis(x, 1, 0, force_tuple=False)
    assert isinstance(y, chainer.Variable)
    assert y.shape == (4, 2)
    assert isinstance(split_axis(x, 2, 0, force_tuple=False), tuple)


def test_gradient_of_unused_outputs_is_zero():
    x = chainer.Variable(numpy.ones((4, 2), numpy.float32))
    ys = split_axis(x, [1, 3], 0)
    ys[1].grad = numpy.full((2, 2), 2, numpy.float32)
    ys[1].backward()
    numpy.testing.assert_array_equal(x.grad[:, 0], [0, 2, 2, 0])


def test_unequal_sections():
    with pytest.raises(type_check.InvalidType) as info:
        split_axis(numpy.zeros((5, 2), numpy.float32), 2, 0)
    assert "Invalid operation is performed in: SplitAxis (Forward)" in str(info.value)
    assert "x.shape[0] % sections == 0" in str(info.value)


def test_index_beyond_the_axis():
    with pytest.raises(type_check.InvalidType) as info:
        split_axis(numpy.zeros((5, 2), numpy.float32), [2, 6], 0)
    assert "x.shape[0] >= max_index" in str(info.value)


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType) as info:
        split_axis(numpy.zeros((4, 2), numpy.float32), 2, 2)
    assert "x.ndim > 2" in str(info.value)


@pytest.mark.parametrize("ios", [[3, 1], [-1, 2]])
def test_unsorted_or_negative_indices(ios):
    with pytest.raises(ValueError, match="split_axis: indices_or_sections must be non-negative"):
        split_axis(numpy.zeros((4, 2), numpy.float32), ios, 0)


def test_bad_sections():
    with pytest.raises(ValueError, match="must be positive"):
        split_axis(numpy.zeros((4, 2), numpy.float32), 0, 0)
    with pytest.raises(TypeError, match="split_axis: indices_or_sections must be an int"):
        split_axis(numpy.zeros((4, 2), numpy.float32), 2.0, 0)
    with pytest.raises(TypeError, match="split_axis: indices_or_sections must be an int"):
        split_axis(numpy.zeros((4, 2), numpy.float32), [1.5], 0)
