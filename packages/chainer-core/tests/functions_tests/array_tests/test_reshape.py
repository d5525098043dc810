"""F.reshape, with -1 and to and from 0-dim."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "in_out": [
                ((3, 4), (2, 6)),
                ((3, 4), (-1,)),
                ((3, 4), (2, -1, 3)),
                ((2, 3, 4), (4, -1)),
                ((), (1, 1)),
                ((1,), ()),
                ((2, 3), (3, 2)),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestReshape(testing.FunctionTestCase):
    def setUp(self):
        self.in_shape, self.out_shape = self.in_out
        # Reshaping copies values: exact in every dtype.
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
        self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.in_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.reshape(inputs[0], self.out_shape),)

    def forward_expected(self, inputs):
        return (inputs[0].reshape(self.out_shape).copy(),)


def test_reshape_int_shape():
    x = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    assert F.reshape(x, 6).shape == (6,)


def test_reshape_same_shape_returns_the_variable():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    assert F.reshape(x, (2, 3)) is x


def test_reshape_gradient_shape():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    y = F.reshape(x, (3, -1))
    assert y.shape == (3, 2)
    F.sum(y * y).backward()
    numpy.testing.assert_array_equal(x.grad, 2 * x.array)


def test_reshape_impossible_shape_message():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.reshape(x, (4, 2))
    message = str(info.value)
    assert "Invalid operation is performed in: Reshape (Forward)" in message
    assert "Expect: prod(x.shape) == prod((4, 2))" in message
    assert "Actual: 6 != 8" in message


@pytest.mark.parametrize("shape", [(4, -1), (-1, -1), (-2, 3)])
def test_reshape_bad_minus_one(shape):
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    with pytest.raises(type_check.InvalidType, match="Reshape"):
        F.reshape(x, shape)
