"""F.squeeze."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.squeeze import squeeze
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape_axis": [
                ((1, 3, 1, 2), None),
                ((1, 3, 1, 2), 0),
                ((1, 3, 1, 2), -2),
                ((1, 3, 1, 2), (0, 2)),
                ((1, 3, 1, 2), (-4, 2)),
                ((3, 2), None),
                ((1, 1), None),
                ((1,), 0),
            ],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape_axis": [((1, 3, 1, 2), (0, 2))],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSqueeze(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        shape, _ = self.shape_axis
        return (numpy.random.uniform(-1, 1, shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (squeeze(inputs[0], self.shape_axis[1]),)

    def forward_expected(self, inputs):
        (x,) = inputs
        shape, axis = self.shape_axis
        if axis is None:
            new_shape = tuple(s for s in shape if s != 1)
        else:
            axes = {a % len(shape) for a in ((axis,) if isinstance(axis, int) else axis)}
            new_shape = tuple(s for i, s in enumerate(shape) if i not in axes)
        return (x.copy().reshape(new_shape),)


def test_axis_not_of_length_one():
    with pytest.raises(type_check.InvalidType) as info:
        squeeze(numpy.zeros((1, 3), numpy.float32), 1)
    assert "Invalid operation is performed in: Squeeze (Forward)" in str(info.value)
    assert "x.shape[1] == 1" in str(info.value)


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType) as info:
        squeeze(numpy.zeros((1, 3), numpy.float32), 2)
    assert "x.ndim > 2" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        squeeze(numpy.zeros((1, 3), numpy.float32), -3)
    assert "x.ndim >= 3" in str(info.value)


def test_duplicate_axis():
    with pytest.raises(ValueError, match="squeeze: axis"):
        squeeze(numpy.zeros((1, 3), numpy.float32), (0, -2))


def test_bad_axis_type():
    with pytest.raises(TypeError, match="squeeze: axis must be"):
        squeeze(numpy.zeros((1, 3), numpy.float32), 0.0)
