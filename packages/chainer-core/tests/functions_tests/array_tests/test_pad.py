"""F.pad (constant mode)."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.pad import pad
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((3, 2), 1, 0),
                ((3, 2), (1, 2), 1.5),
                ((3, 2), ((0, 1), (2, 0)), -1),
                ((2, 3, 4), ((1, 1), (0, 0), (2, 1)), ((1, 2), (3, 4), (5, 6))),
                ((4,), 0, 0),
                ((), 0, 0),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestPad(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.pad_width, self.constant_values = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (pad(inputs[0], self.pad_width, "constant", constant_values=self.constant_values),)

    def forward_expected(self, inputs):
        (x,) = inputs
        y = numpy.pad(x, self.pad_width, mode="constant", constant_values=self.constant_values)
        return (y.astype(self.dtype),)


def test_default_constant_is_zero():
    y = pad(numpy.ones((2,), numpy.float32), 1, "constant")
    numpy.testing.assert_array_equal(y.array, [0, 1, 1, 0])
    assert y.dtype == numpy.float32


@pytest.mark.parametrize("mode", ["edge", "reflect", "wrap", "mean"])
def test_other_modes_are_rejected(mode):
    with pytest.raises(ValueError, match=f"pad: mode '{mode}' is not supported"):
        pad(numpy.ones((2,), numpy.float32), 1, mode)


def test_unknown_keyword():
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        pad(numpy.ones((2,), numpy.float32), 1, "constant", end_values=3)


def test_negative_width():
    with pytest.raises(ValueError, match="pad: pad_width must not be negative"):
        pad(numpy.ones((2,), numpy.float32), -1, "constant")


@pytest.mark.parametrize("pad_width", [1.5, "1", ((1, 1), (1, 1), (1,), (2, 3, 4))])
def test_non_int_width(pad_width):
    with pytest.raises(TypeError, match="pad: pad_width must be"):
        pad(numpy.ones((2,), numpy.float32), pad_width, "constant")


def test_width_does_not_fit_ndim():
    with pytest.raises(ValueError, match=r"pad: pad_width of shape \(3, 2\) does not fit"):
        pad(numpy.ones((2, 2), numpy.float32), ((1, 1), (1, 1), (1, 1)), "constant")


def test_int_input():
    with pytest.raises(type_check.InvalidType) as info:
        pad(numpy.ones((2,), numpy.int32), 1, "constant")
    message = str(info.value)
    assert "Invalid operation is performed in: Pad (Forward)" in message
