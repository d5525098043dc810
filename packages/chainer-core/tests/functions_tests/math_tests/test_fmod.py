"""F.fmod: forward, gradients (with broadcasting) and input checks."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.fmod import fmod
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((3, 2), (3, 2)), ((3, 1), (1, 4)), ((2, 4), (4,)), ((), ())],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFmod(testing.FunctionTestCase):
    def setUp(self):
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
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        # Redraw until every quotient x / divisor (after broadcasting) is at
        # least 0.1 away from an integer: fmod jumps there, and a numerical
        # gradient across a jump is meaningless. Divisors of both signs, away from 0.
        shape_x, shape_d = self.shapes
        while True:
            x = numpy.random.uniform(-3, 3, shape_x).astype(self.dtype)
            sign = numpy.where(numpy.random.uniform(size=shape_d) < 0.5, -1.0, 1.0)
            divisor = (numpy.random.uniform(0.5, 1.5, shape_d) * sign).astype(self.dtype)
            quotient = numpy.abs(x.astype(numpy.float64) / divisor.astype(numpy.float64))
            fraction = quotient - numpy.floor(quotient)
            if ((fraction > 0.1) & (fraction < 0.9)).all():
                return numpy.asarray(x), numpy.asarray(divisor)

    def forward(self, inputs, device):
        return (fmod(*inputs),)

    def forward_expected(self, inputs):
        return (numpy.asarray(numpy.fmod(*inputs)),)


def test_sign_follows_the_dividend():
    x = numpy.array([5.5, -5.5, 5.5, -5.5], numpy.float32)
    d = numpy.array([2.0, 2.0, -2.0, -2.0], numpy.float32)
    numpy.testing.assert_array_equal(fmod(x, d).array, [1.5, -1.5, 1.5, -1.5])


def test_divisor_gradient_is_minus_the_truncated_quotient():
    x = chainer.Variable(numpy.array([5.5, -5.5, 0.5], numpy.float64))
    d = chainer.Variable(numpy.array([2.0, 2.0, 2.0], numpy.float64))
    y = fmod(x, d)
    assert y.creator.label == "fmod"
    y.grad = numpy.ones((3,), numpy.float64)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [1.0, 1.0, 1.0])
    numpy.testing.assert_array_equal(d.grad, [-2.0, 2.0, 0.0])


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        fmod(numpy.ones((2,), numpy.int32), numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: fmod (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


def test_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        fmod(numpy.ones((2,), numpy.float32), numpy.ones((2,), numpy.float64))
    assert "x.dtype == divisor.dtype" in str(info.value)


def test_shapes_must_broadcast():
    with pytest.raises(type_check.InvalidType) as info:
        fmod(numpy.ones((2, 3), numpy.float32), numpy.ones((2,), numpy.float32))
    assert "Invalid operation is performed in: fmod (Forward)" in str(info.value)
