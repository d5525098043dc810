"""F.moveaxis."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.moveaxis import moveaxis
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((2, 3, 4), 0, 2),
                ((2, 3, 4), -1, 0),
                ((2, 3, 4, 5), (0, 1), (2, 3)),
                ((2, 3, 4), (0, 2), (-1, 0)),
                ((2, 3), (), ()),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestMoveaxis(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.source, self.destination = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (moveaxis(inputs[0], self.source, self.destination),)

    def forward_expected(self, inputs):
        (x,) = inputs
        ndim = x.ndim
        src = (self.source,) if isinstance(self.source, int) else self.source
        dst = (self.destination,) if isinstance(self.destination, int) else self.destination
        src = [a % ndim for a in src]
        dst = [a % ndim for a in dst]
        order = [a for a in range(ndim) if a not in src]
        for d, s in sorted(zip(dst, src)):
            order.insert(d, s)
        return (x.transpose(order).copy(),)


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType) as info:
        moveaxis(numpy.ones((2, 3), numpy.float32), 2, 0)
    message = str(info.value)
    assert "Invalid operation is performed in: Moveaxis (Forward)" in message
    assert "x.ndim" in message


def test_int_input():
    with pytest.raises(type_check.InvalidType) as info:
        moveaxis(numpy.ones((2, 3), numpy.int32), 0, 1)
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")


def test_repeated_axes():
    with pytest.raises(ValueError, match="moveaxis: repeated axis in source"):
        moveaxis(numpy.ones((2, 3, 4), numpy.float32), (0, -3), (1, 2))
    with pytest.raises(ValueError, match="moveaxis: repeated axis in destination"):
        moveaxis(numpy.ones((2, 3, 4), numpy.float32), (0, 1), (2, 2))


def test_length_mismatch():
    with pytest.raises(ValueError, match="same number of axes"):
        moveaxis(numpy.ones((2, 3, 4), numpy.float32), (0, 1), 2)


def test_bad_axis_type():
    with pytest.raises(TypeError, match="moveaxis: source must be an int or a tuple"):
        moveaxis(numpy.ones((2, 3), numpy.float32), 0.0, 1)
