"""F.squared_difference: forward, gradients and input checks."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.squared_difference import squared_difference
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSquaredDifference(testing.FunctionTestCase):
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
        x1 = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        x2 = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return x1, x2

    def forward(self, inputs, device):
        return (squared_difference(*inputs),)

    def forward_expected(self, inputs):
        x1, x2 = (x.astype(numpy.float64) for x in inputs)
        return (numpy.asarray((x1 - x2) ** 2).astype(self.dtype),)


def test_label_is_the_class_name():
    x1 = chainer.Variable(numpy.ones((2,), numpy.float32))
    y = squared_difference(x1, numpy.zeros((2,), numpy.float32))
    assert y.creator.label == "SquaredDifference"


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        squared_difference(numpy.ones((2,), numpy.int32), numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: SquaredDifference (Forward)" in message
    assert "x1.dtype.kind == f" in message.replace("'", "")


def test_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        squared_difference(numpy.ones((2,), numpy.float32), numpy.ones((2,), numpy.float64))
    assert "x1.dtype == x2.dtype" in str(info.value)


def test_shapes_must_match():
    # As in Chainer v7, no broadcasting.
    with pytest.raises(type_check.InvalidType) as info:
        squared_difference(numpy.ones((2, 3), numpy.float32), numpy.ones((3,), numpy.float32))
    assert "x1.shape == x2.shape" in str(info.value)
