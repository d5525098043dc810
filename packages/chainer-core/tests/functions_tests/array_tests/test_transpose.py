"""F.transpose with the default (reversed) and explicit, including negative, axes."""

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
            "in_shape_axes": [
                ((2, 3, 4), None),
                ((2, 3, 4), (1, 0, 2)),
                ((2, 3, 4), (2, 0, 1)),
                ((2, 3, 4), (-1, 0, 1)),
                ((2, 3, 4), (0, -1, -2)),
                ((3, 4), None),
                ((3, 4), (1, 0)),
                ((3,), None),
                ((), None),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestTranspose(testing.FunctionTestCase):
    def setUp(self):
        self.in_shape, self.axes = self.in_shape_axes
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
        self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.in_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.transpose(inputs[0], self.axes),)

    def forward_expected(self, inputs):
        return (numpy.transpose(inputs[0], self.axes).copy(),)


def test_transpose_gradient_is_inverse_permutation():
    x = chainer.Variable(numpy.arange(24, dtype=numpy.float32).reshape(2, 3, 4))
    y = F.transpose(x, (2, 0, 1))
    assert y.shape == (4, 2, 3)
    y.grad = numpy.arange(24, dtype=numpy.float32).reshape(4, 2, 3)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.transpose(y.grad, (1, 2, 0)))


def test_transpose_wrong_number_of_axes():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.transpose(x, (0, 1, 2))
    message = str(info.value)
    assert "Invalid operation is performed in: Transpose (Forward)" in message
    assert "Expect: x.ndim == 3" in message
