"""F.cast between float dtypes; the gradient is cast back to the input's dtype."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing

_BACKENDS = [{}, {"use_cuda": True}]
_FLOATS = [numpy.float16, numpy.float32, numpy.float64]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "in_type": _FLOATS,
            "out_type": _FLOATS,
            "shape": [(3, 2), ()],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCast(testing.FunctionTestCase):
    def setUp(self):
        half = numpy.float16 in (self.in_type, self.out_type)
        self.check_forward_options = {"atol": 0, "rtol": 0}
        # Cast is linear: a wide step keeps the float16 rounding of the
        # outputs out of the finite differences.
        options = {"eps": 0.5, "atol": 2e-3 if half else 1e-5, "rtol": 2e-3 if half else 1e-5}
        self.check_backward_options = options
        self.check_double_backward_options = options

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.in_type),)

    def forward(self, inputs, device):
        return (F.cast(inputs[0], self.out_type),)

    def forward_expected(self, inputs):
        return (numpy.asarray(inputs[0].astype(self.out_type)),)


@pytest.mark.parametrize("in_type, out_type", [("float16", "float64"), ("float64", "float32")])
def test_cast_gradient_has_input_dtype(in_type, out_type):
    x = chainer.Variable(numpy.arange(3).astype(in_type))
    y = F.cast(x, out_type)
    assert y.dtype == numpy.dtype(out_type)
    y.grad = numpy.ones(3, out_type)
    y.backward()
    assert x.grad.dtype == numpy.dtype(in_type)
    numpy.testing.assert_array_equal(x.grad, numpy.ones(3, in_type))


def test_cast_to_same_dtype_returns_the_variable():
    x = chainer.Variable(numpy.ones((2,), numpy.float32))
    assert F.cast(x, numpy.float32) is x
    assert F.cast(x, "float32") is x


def test_cast_array_input():
    y = F.cast(numpy.arange(3, dtype=numpy.float64), numpy.float16)
    assert isinstance(y, chainer.Variable)
    assert y.dtype == numpy.float16
