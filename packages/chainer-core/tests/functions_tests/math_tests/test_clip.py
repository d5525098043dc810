"""F.clip: forward, gradients (1 inside and at the bounds), one-sided bounds, argument checks."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.clip import clip
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "bounds": [(-0.75, 0.75), (None, 0.5), (-0.5, None), (numpy.float64(-0.25), 0.25)],
            "shape": [(3, 2), (2, 3, 4)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "bounds": [(-0.75, 0.75)],
            "shape": [()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": ["C"],
        }
    )
)
@testing.fix_random()
class TestClip(testing.FunctionTestCase):
    # The kinks at the bounds are redrawn if a numerical step crosses one.
    dodge_nondifferentiable = True

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_double_backward_options = {"atol": 1e-2, "rtol": 1e-2}
        else:
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (clip(inputs[0], *self.bounds),)

    def forward_expected(self, inputs):
        (x,) = inputs
        low, high = (None if b is None else self.dtype(b) for b in self.bounds)
        if low is not None:
            x = numpy.where(x < low, low, x)
        if high is not None:
            x = numpy.where(x > high, high, x)
        return (numpy.asarray(x, dtype=self.dtype),)


def test_gradient_is_one_at_the_bounds_and_zero_outside():
    x = chainer.Variable(numpy.array([-2.0, -1.0, 0.0, 1.0, 2.0], numpy.float32))
    y = clip(x, -1.0, 1.0)
    numpy.testing.assert_array_equal(y.array, [-1.0, -1.0, 0.0, 1.0, 1.0])
    y.grad = numpy.full((5,), 3.0, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 3.0, 3.0, 3.0, 0.0])


def test_numpy_scalar_bounds_keep_float16():
    x = numpy.array([-2.0, 0.5, 2.0], numpy.float16)
    y = clip(x, numpy.float64(-1.0), numpy.float32(1.0))
    assert y.dtype == numpy.float16
    numpy.testing.assert_array_equal(y.array, [-1.0, 0.5, 1.0])


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        clip(numpy.ones((2,), numpy.int32), 0.0, 1.0)
    message = str(info.value)
    assert "Invalid operation is performed in: Clip (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


def test_both_bounds_none_is_an_error():
    with pytest.raises(ValueError, match="x_min and x_max are both None"):
        clip(numpy.ones((2,), numpy.float32), None, None)


@pytest.mark.parametrize("x_min, x_max", [(1.0, 1.0), (2.0, 1.0)])
def test_x_min_must_be_less_than_x_max(x_min, x_max):
    with pytest.raises(ValueError, match="x_min must be less than x_max"):
        clip(numpy.ones((2,), numpy.float32), x_min, x_max)


@pytest.mark.parametrize("name, bounds", [("x_min", ("0", 1.0)), ("x_max", (0.0, [1.0]))])
def test_bound_must_be_a_real_scalar(name, bounds):
    with pytest.raises(TypeError, match=f"clip: {name} must be a real scalar"):
        clip(numpy.ones((2,), numpy.float32), *bounds)


def test_nan_bound_is_an_error():
    with pytest.raises(ValueError, match="x_max must not be NaN"):
        clip(numpy.ones((2,), numpy.float32), 0.0, float("nan"))
