"""F.bias and F.scale: a smaller array broadcast along a block of axes of a larger one."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.bias import bias
from chainer.functions.math.scale import scale

_BACKENDS = [{}, {"use_cuda": True}]

# (x shape, y shape, axis)
_CASES = [
    ((2, 3, 4), (3,), 1),
    ((2, 3, 4), (3, 4), 1),
    ((2, 3, 4), (2,), 0),
    ((2, 3, 4), (4,), 2),
    ((3, 2), (3, 2), 0),
    ((3, 2), (), 1),
]


def _expected(x, y, axis):
    shape = (1,) * axis + y.shape + (1,) * (x.ndim - axis - y.ndim)
    return y.reshape(shape)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    # Every case in float32; two in every dtype (kept small for CI time).
    *testing.product(
        {
            "op": ["bias", "scale"],
            "case": _CASES,
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "op": ["bias", "scale"],
            "case": [_CASES[0], _CASES[1]],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBiasScale(testing.FunctionTestCase):
    def setUp(self):
        self.x_shape, self.y_shape, self.axis = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        y = numpy.random.uniform(-1, 1, self.y_shape).astype(self.dtype)
        return x, y

    def forward(self, inputs, device):
        func = bias if self.op == "bias" else scale
        return (func(inputs[0], inputs[1], axis=self.axis),)

    def forward_expected(self, inputs):
        x, y = inputs
        y = _expected(x, y, self.axis)
        return ((x + y) if self.op == "bias" else (x * y),)


def test_default_axis_is_one():
    x = numpy.ones((2, 3, 4), numpy.float32)
    y = numpy.arange(3, dtype=numpy.float32)
    testing.assert_allclose(bias(x, y).array, x + y[:, None])
    testing.assert_allclose(scale(x, y).array, x * y[:, None])


@pytest.mark.parametrize("func", [bias, scale])
@pytest.mark.parametrize(
    "x_shape, y_shape, axis, error, match",
    [
        ((2, 3, 4), (3,), 3, ValueError, r"axis must be in \[0, x.ndim - y.ndim\] = \[0, 2\]"),
        ((2, 3, 4), (3,), -1, ValueError, r"axis must be in .*, got -1"),
        (
            (2, 3, 4),
            (4,),
            1,
            ValueError,
            r"y.shape must equal x.shape\[1:2\] == \(3,\), got \(4,\)",
        ),
        ((2, 3), (2, 3, 1), 0, ValueError, "axis must be in"),
        ((2, 3, 4), (3,), 1.0, TypeError, "axis must be an int, not float"),
        ((2, 3, 4), (3,), True, TypeError, "axis must be an int, not bool"),
    ],
)
def test_bad_arguments(func, x_shape, y_shape, axis, error, match):
    x = numpy.ones(x_shape, numpy.float32)
    y = numpy.ones(y_shape, numpy.float32)
    with pytest.raises(error, match=f"{func.__name__}: {match}"):
        func(x, y, axis=axis)


@pytest.mark.parametrize("func", [bias, scale])
def test_dtype_mismatch(func):
    x = numpy.ones((2, 3), numpy.float32)
    y = chainer.Variable(numpy.ones((3,), numpy.float64))
    with pytest.raises(TypeError, match="x and y must have one dtype, got float32 and float64"):
        func(x, y)
