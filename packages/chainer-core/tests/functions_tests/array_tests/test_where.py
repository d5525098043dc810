"""F.where."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.where import where
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [
                ((3, 2), (3, 2), (3, 2)),
                ((3, 2), (3, 1), (2,)),
                ((2,), (3, 2), (3, 2)),
                ((3, 1), (1, 2), ()),
                ((), (3, 2), (3, 2)),
                ((2, 3, 2), (3, 2), (1, 1, 2)),
            ],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shapes": [((3, 2), (3, 1), (2,))],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestWhere(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        c_shape, x_shape, y_shape = self.shapes
        condition = numpy.asarray(numpy.random.uniform(-1, 1, c_shape) > 0)
        x = numpy.random.uniform(-1, 1, x_shape).astype(self.dtype)
        y = numpy.random.uniform(-1, 1, y_shape).astype(self.dtype)
        return condition, x, y

    def forward(self, inputs, device):
        return (where(*inputs),)

    def forward_expected(self, inputs):
        condition, x, y = inputs
        shape = numpy.broadcast_shapes(condition.shape, x.shape, y.shape)
        c = numpy.broadcast_to(condition, shape)
        out = numpy.broadcast_to(y, shape).copy()
        out[c] = numpy.broadcast_to(x, shape)[c]
        return (out,)


def test_scalar_operand_keeps_dtype():
    x = chainer.Variable(numpy.array([1.0, -2.0, 3.0], numpy.float16))
    condition = x.array > 0
    z = where(condition, x, 0.0)
    assert z.dtype == numpy.float16
    numpy.testing.assert_array_equal(z.array, [1, 0, 3])
    z = where(condition, 5, x)
    numpy.testing.assert_array_equal(z.array, [5, -2, 5])
    z.grad = numpy.ones(3, numpy.float16)
    z.backward()
    numpy.testing.assert_array_equal(x.grad, [0, 1, 0])


def test_condition_as_variable():
    condition = chainer.Variable(numpy.array([True, False]))
    z = where(condition, numpy.ones(2, numpy.float32), numpy.zeros(2, numpy.float32))
    numpy.testing.assert_array_equal(z.array, [1, 0])


def test_condition_must_be_bool():
    with pytest.raises(type_check.InvalidType) as info:
        x = numpy.ones(2, numpy.float32)
        where(numpy.ones(2, numpy.int32), x, x)
    message = str(info.value)
    assert "Invalid operation is performed in: Where (Forward)" in message
    assert "condition.dtype.kind == b" in message


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        where(numpy.ones(2, bool), numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float64))
    assert "x.dtype == y.dtype" in str(info.value)


def test_not_broadcastable():
    with pytest.raises(type_check.InvalidType) as info:
        where(numpy.ones(3, bool), numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float32))
    assert "cannot broadcast inputs" in str(info.value)


def test_bad_operands():
    with pytest.raises(TypeError, match="where: condition must be a boolean array"):
        where([True, False], numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float32))
    with pytest.raises(TypeError, match="at least one of x and y"):
        where(numpy.ones(2, bool), 1.0, 0.0)
    with pytest.raises(TypeError, match="where: y must be"):
        where(numpy.ones(2, bool), numpy.ones(2, numpy.float32), "0")
