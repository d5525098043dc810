"""F.rollaxis."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.rollaxis import rollaxis
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _tolerances(case):
    tol = 1e-3 if case.dtype == numpy.float16 else 1e-5
    case.check_forward_options = {"atol": 0, "rtol": 0}
    case.check_backward_options = {"atol": tol, "rtol": tol}
    case.check_double_backward_options = {"atol": tol, "rtol": tol}


def _moved(x, axis, start):
    # Reference built from the definition: take axis out, insert it before `start`.
    ndim = x.ndim
    axis %= ndim
    if start < 0:
        start += ndim
    order = [a for a in range(ndim) if a != axis]
    position = start - 1 if axis < start else start
    order.insert(position, axis)
    return numpy.ascontiguousarray(numpy.transpose(x, order))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "axis_start": [(0, 0), (2, 0), (1, 3), (-1, 1), (0, 2), (2, -2), (1, -3)],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "axis_start": [(2, 0)],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestRollaxis(testing.FunctionTestCase):
    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3, 4)).astype(self.dtype),)

    def forward(self, inputs, device):
        axis, start = self.axis_start
        return (rollaxis(inputs[0], axis, start),)

    def forward_expected(self, inputs):
        axis, start = self.axis_start
        return (_moved(inputs[0], axis, start),)


def test_matches_numpy_for_every_valid_pair():
    x = numpy.zeros((2, 3, 4, 5), numpy.float32)
    for axis in range(-4, 4):
        for start in range(-4, 5):
            assert rollaxis(x, axis, start).shape == numpy.rollaxis(x, axis, start).shape


@pytest.mark.parametrize(
    "axis, start, expect",
    [(3, 0, "x.ndim > 3"), (-4, 0, "x.ndim >= 4"), (0, 4, "x.ndim >= 4"), (0, -4, "x.ndim >= 4")],
)
def test_axis_out_of_range(axis, start, expect):
    with pytest.raises(type_check.InvalidType) as info:
        rollaxis(numpy.zeros((2, 3, 4), numpy.float32), axis, start)
    assert "Invalid operation is performed in: Rollaxis (Forward)" in str(info.value)
    assert expect in str(info.value)


def test_non_int_axis():
    with pytest.raises(TypeError, match="rollaxis: axis must be an int"):
        rollaxis(numpy.zeros((2, 3), numpy.float32), 1.0)
    with pytest.raises(TypeError, match="rollaxis: start must be an int"):
        rollaxis(numpy.zeros((2, 3), numpy.float32), 1, (0,))
