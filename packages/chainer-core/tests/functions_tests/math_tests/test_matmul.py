"""F.matmul and ``a @ b``: 1-D, 2-D, batched, broadcast batch axes, transa/transb."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (a shape, b shape, transa, transb), shapes as stored (before any transposition).
_CASES = [
    ((3, 4), (4, 2), False, False),
    ((4, 3), (4, 2), True, False),
    ((3, 4), (2, 4), False, True),
    ((4, 3), (2, 4), True, True),
    ((4,), (4, 2), False, False),
    ((3, 4), (4,), False, False),
    ((4,), (4,), False, False),
    ((2, 3, 4), (2, 4, 5), False, False),
    ((2, 4, 3), (2, 5, 4), True, True),
    ((2, 1, 3, 4), (3, 4, 2), False, False),
    ((3, 4), (2, 4, 2), False, False),
    ((2, 1, 4, 3), (1, 3, 2, 4), True, True),
]


def _reference(a, b, transa, transb):
    """numpy.matmul in float64 with the transpositions written out."""
    a = a.astype(numpy.float64)
    b = b.astype(numpy.float64)
    if transa and a.ndim >= 2:
        a = numpy.swapaxes(a, -1, -2)
    if transb and b.ndim >= 2:
        b = numpy.swapaxes(b, -1, -2)
    return numpy.asarray(numpy.matmul(a, b))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
            "use_operator": [False],
        }
    )
    + testing.product(
        {
            "case": [_CASES[0], _CASES[4], _CASES[7], _CASES[9]],
            "dtype": [numpy.float32],
            "contiguous": ["C"],
            "use_operator": [True],
        }
    )
)
@testing.fix_random()
class TestMatMul(testing.FunctionTestCase):
    def setUp(self):
        self.a_shape, self.b_shape, self.transa, self.transb = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        a = numpy.random.uniform(-1, 1, self.a_shape).astype(self.dtype)
        b = numpy.random.uniform(-1, 1, self.b_shape).astype(self.dtype)
        return a, b

    def forward(self, inputs, device):
        a, b = inputs
        if self.use_operator:
            return (a @ b,)
        return (F.matmul(a, b, transa=self.transa, transb=self.transb),)

    def forward_expected(self, inputs):
        a, b = inputs
        return (_reference(a, b, self.transa, self.transb).astype(self.dtype),)


def test_matmul_array_operands():
    a = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    b = chainer.Variable(numpy.ones((3, 2), numpy.float32))
    y = a @ b
    numpy.testing.assert_array_equal(y.array, a @ b.array)
    F.sum(y).backward()
    numpy.testing.assert_array_equal(b.grad, numpy.broadcast_to(a.sum(axis=0)[:, None], (3, 2)))


def test_matmul_broadcast_gradient_shape():
    a = chainer.Variable(numpy.ones((2, 3, 4), numpy.float32))
    b = chainer.Variable(numpy.ones((4, 5), numpy.float32))
    F.sum(F.matmul(a, b)).backward()
    assert b.grad.shape == (4, 5)
    numpy.testing.assert_array_equal(b.grad, numpy.full((4, 5), 6.0, numpy.float32))


def test_matmul_shape_mismatch_message():
    a = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    b = chainer.Variable(numpy.ones((4, 3), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.matmul(a, b)
    message = str(info.value)
    assert "Invalid operation is performed in: MatMul (Forward)" in message
    assert "Expect: a.shape[-1] == b.shape[-2]" in message
    assert "Actual: 3 != 4" in message


def test_matmul_transb_shape_mismatch_message():
    a = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    b = chainer.Variable(numpy.ones((4, 2), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.matmul(a, b, transb=True)
    message = str(info.value)
    assert "Expect: a.shape[-1] == b.shape[-1]" in message
    assert "Actual: 3 != 2" in message


def test_matmul_dtype_mismatch_message():
    a = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    b = chainer.Variable(numpy.ones((3, 2), numpy.float64))
    with pytest.raises(type_check.InvalidType) as info:
        a @ b
    message = str(info.value)
    assert "MatMul" in message
    assert "a.dtype == b.dtype" in message


def test_matmul_int_inputs_are_invalid():
    a = numpy.ones((2, 3), numpy.int32)
    with pytest.raises(type_check.InvalidType, match="a.dtype.kind == 'f'|a.dtype.kind == f"):
        F.matmul(a, a.T)
