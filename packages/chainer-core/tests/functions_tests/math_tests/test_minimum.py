"""F.minimum: forward, gradients (with broadcasting) and input checks."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.minimum import minimum
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]
_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _options(case, dtype):
    # The gradient is gy or 0: exact, so float16 needs no extra slack.
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_double_backward_options = {"atol": 1e-2, "rtol": 1e-2}
    else:
        case.check_forward_options = {"atol": 1e-7, "rtol": 1e-7}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((3, 2), (3, 2)), ((3, 1), (1, 4)), ((4,), (2, 4)), ((), ())],
            "dtype": _DTYPES,
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestMinimum(testing.FunctionTestCase):
    # The kink x1 == x2 is redrawn if a numerical step crosses it.
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, shape).astype(self.dtype) for shape in self.shapes)

    def forward(self, inputs, device):
        return (minimum(*inputs),)

    def forward_expected(self, inputs):
        return (numpy.asarray(numpy.minimum(*inputs)),)


def test_tie_sends_gradient_to_x1():
    x1 = chainer.Variable(numpy.array([1.0, 3.0], numpy.float32))
    x2 = chainer.Variable(numpy.array([1.0, 2.0], numpy.float32))
    y = minimum(x1, x2)
    y.grad = numpy.ones((2,), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x1.grad, [1.0, 0.0])
    numpy.testing.assert_array_equal(x2.grad, [0.0, 1.0])


def test_broadcast_gradient_is_summed():
    x1 = chainer.Variable(numpy.array([[0.0], [5.0]], numpy.float32))
    x2 = chainer.Variable(numpy.array([1.0, 2.0, 6.0], numpy.float32))
    y = minimum(x1, x2)
    assert y.shape == (2, 3)
    y.grad = numpy.ones((2, 3), numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x1.grad, [[3.0], [1.0]])
    numpy.testing.assert_array_equal(x2.grad, [1.0, 1.0, 0.0])


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        minimum(numpy.ones((2,), numpy.int32), numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: Minimum (Forward)" in message
    assert "x1.dtype.kind == f" in message.replace("'", "")


def test_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        minimum(numpy.ones((2,), numpy.float32), numpy.ones((2,), numpy.float16))
    assert "x1.dtype == x2.dtype" in str(info.value)


def test_shapes_must_broadcast():
    with pytest.raises(type_check.InvalidType) as info:
        minimum(numpy.ones((2, 3), numpy.float32), numpy.ones((2,), numpy.float32))
    assert "Invalid operation is performed in: Minimum (Forward)" in str(info.value)
