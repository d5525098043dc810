"""F.repeat."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.repeat import repeat
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((3, 2), 2, None),
                ((3, 2), 2, 0),
                ((3, 2), (1, 0, 2), 0),
                ((3, 2), [2, 1], -1),
                ((2, 3, 2), 0, 1),
                ((3,), (2, 3, 1), None),
                ((), 3, None),
                ((2, 3), (1, 2, 0, 1, 1, 3), None),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestRepeat(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.repeats, self.axis = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-2 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (repeat(inputs[0], self.repeats, self.axis),)

    def forward_expected(self, inputs):
        x = inputs[0]
        if self.axis is None:
            x, axis = x.reshape(-1), 0
        else:
            axis = self.axis % x.ndim
        n = x.shape[axis]
        counts = [self.repeats] * n if isinstance(self.repeats, int) else list(self.repeats)
        moved = numpy.moveaxis(x, axis, 0)
        pieces = [moved[i] for i in range(n) for _ in range(counts[i])]
        if not pieces:
            shape = (0,) + moved.shape[1:]
            return (numpy.moveaxis(numpy.zeros(shape, x.dtype), 0, axis).copy(),)
        return (numpy.moveaxis(numpy.stack(pieces), 0, axis).copy(),)


def test_negative_repeats():
    with pytest.raises(ValueError, match="repeat: repeats must be zero or larger"):
        repeat(numpy.ones((3,), numpy.float32), (1, -1, 2))


def test_wrong_number_of_repeats():
    with pytest.raises(ValueError, match=r"repeat: repeats has 2 entries but x.shape\[0\] == 3"):
        repeat(numpy.ones((3, 2), numpy.float32), (1, 2), axis=0)
    with pytest.raises(ValueError, match="repeat: repeats has 2 entries but x.size == 6"):
        repeat(numpy.ones((3, 2), numpy.float32), (1, 2))


@pytest.mark.parametrize("repeats", [1.5, "2", (1, 2.0), None])
def test_bad_repeats_type(repeats):
    with pytest.raises(TypeError, match="repeat: repeats must be an int or a tuple"):
        repeat(numpy.ones((2,), numpy.float32), repeats)


def test_axis_out_of_range():
    with pytest.raises(type_check.InvalidType) as info:
        repeat(numpy.ones((3, 2), numpy.float32), 2, axis=2)
    message = str(info.value)
    assert "Invalid operation is performed in: Repeat (Forward)" in message
    assert "x.ndim > 2" in message


def test_bad_axis_type():
    with pytest.raises(TypeError, match="repeat: axis must be None or an int"):
        repeat(numpy.ones((3, 2), numpy.float32), 2, axis=1.0)
