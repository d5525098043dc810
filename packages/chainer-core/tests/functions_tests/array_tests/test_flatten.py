"""F.flatten."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.flatten import flatten

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4), (5,), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFlatten(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (flatten(inputs[0]),)

    def forward_expected(self, inputs):
        (x,) = inputs
        return (numpy.array([x[i] for i in numpy.ndindex(x.shape)], dtype=x.dtype),)


def test_int_input_keeps_dtype():
    y = flatten(numpy.arange(6, dtype=numpy.int32).reshape(2, 3))
    assert y.dtype == numpy.int32
    numpy.testing.assert_array_equal(y.array, numpy.arange(6))


def test_wrong_number_of_inputs():
    from chainer.functions.array.flatten import Flatten
    from chainer.utils import type_check

    with pytest.raises(type_check.InvalidType):
        Flatten().apply((numpy.ones(2), numpy.ones(2)))


def test_gradient_has_input_shape():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    y = flatten(x)
    y.grad = numpy.arange(6, dtype=numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.arange(6).reshape(2, 3))
