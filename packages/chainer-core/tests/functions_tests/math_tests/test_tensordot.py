"""F.tensordot: int axes, explicit axis pairs, negative axes, full contraction."""

import numpy
import pytest

from chainer import testing
from chainer.functions.math.tensordot import tensordot
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (a shape, b shape, axes)
_CASES = [
    ((2, 3, 4), (3, 4, 2), 2),
    ((2, 3), (3, 4), 1),
    ((2, 3), (4,), 0),
    ((3,), (3,), 1),
    ((3, 4, 2), (2, 3), ([0], [1])),
    ((2, 3, 4), (4, 3, 2), ((1, 2), (1, 0))),
    ((2, 3, 4), (3, 4), ([-2, -1], [0, 1])),
    ((4, 2, 3), (3, 2, 4), ((0, 2, 1), (2, 0, 1))),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestTensorDot(testing.FunctionTestCase):
    def setUp(self):
        self.a_shape, self.b_shape, self.axes = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        a = numpy.random.uniform(-1, 1, self.a_shape).astype(self.dtype)
        b = numpy.random.uniform(-1, 1, self.b_shape).astype(self.dtype)
        return a, b

    def forward(self, inputs, device):
        return (tensordot(inputs[0], inputs[1], axes=self.axes),)

    def forward_expected(self, inputs):
        a, b = (x.astype(numpy.float64) for x in inputs)
        return (numpy.asarray(numpy.tensordot(a, b, axes=self.axes)).astype(self.dtype),)


def test_default_axes_is_two():
    a = numpy.random.RandomState(0).uniform(-1, 1, (2, 3, 4))
    b = numpy.random.RandomState(1).uniform(-1, 1, (3, 4, 5))
    testing.assert_allclose(tensordot(a, b).array, numpy.tensordot(a, b), atol=1e-12)


@pytest.mark.parametrize(
    "axes, error, match",
    [
        (3, ValueError, r"int axes must be in \[0, min\(a.ndim, b.ndim\)\] = \[0, 2\], got 3"),
        (-1, ValueError, "got -1"),
        ((0,), TypeError, "axes must be an int or a pair"),
        (([0, 1], [0]), ValueError, "as many contracted axes"),
        (([2], [0]), ValueError, "axis 2 is out of range for a.ndim == 2"),
        (([0, 0], [0, 1]), ValueError, "repeated axis in the axes of a"),
        (([0.5], [0]), TypeError, "axes of a must be an int or a sequence of ints"),
        (True, TypeError, "axes must be an int or a pair"),
    ],
)
def test_bad_axes(axes, error, match):
    a = numpy.ones((2, 3), numpy.float32)
    b = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(error, match=match):
        tensordot(a, b, axes=axes)


def test_length_mismatch_message():
    a = numpy.ones((2, 3), numpy.float32)
    b = numpy.ones((4, 2), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        tensordot(a, b, axes=1)
    message = str(info.value)
    assert "Invalid operation is performed in: TensorDot (Forward)" in message
    assert "Expect: a.shape[1] == b.shape[0]" in message
    assert "Actual: 3 != 4" in message


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType, match="a.dtype == b.dtype"):
        tensordot(numpy.ones((2, 3), numpy.float32), numpy.ones((3, 2), numpy.float64), axes=1)
