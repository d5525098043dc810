"""F.batch_matmul (deprecated): 3-D and 2-D (column-vector) operands, transa/transb."""

import warnings

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.batch_matmul import batch_matmul
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (a shape, b shape, transa, transb), shapes as stored.
_CASES = [
    ((2, 3, 4), (2, 4, 5), False, False),
    ((2, 4, 3), (2, 4, 5), True, False),
    ((2, 3, 4), (2, 5, 4), False, True),
    ((2, 4, 3), (2, 5, 4), True, True),
    ((2, 3), (2, 1, 4), False, False),
    ((2, 3, 4), (2, 4), False, False),
    ((2, 3), (2, 3), True, False),
    ((2, 3), (2, 4), False, True),
    ((2, 3), (2, 4, 3), True, True),
]


def _as_batch(x):
    return x.reshape(x.shape[:2] + (-1,))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    # Every case in float32; a few in every dtype (kept small for CI time).
    *testing.product({"case": _CASES, "dtype": [numpy.float32], "contiguous": [None, "C"]})
    + testing.product(
        {
            "case": [_CASES[0], _CASES[3], _CASES[4]],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBatchMatMul(testing.FunctionTestCase):
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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return (batch_matmul(*inputs, transa=self.transa, transb=self.transb),)

    def forward_expected(self, inputs):
        a, b = (_as_batch(x.astype(numpy.float64)) for x in inputs)
        if self.transa:
            a = a.transpose(0, 2, 1)
        if self.transb:
            b = b.transpose(0, 2, 1)
        return (numpy.einsum("bij,bjk->bik", a, b).astype(self.dtype),)


def test_deprecation_warning():
    a = numpy.ones((2, 3, 4), numpy.float32)
    b = numpy.ones((2, 4, 5), numpy.float32)
    with pytest.warns(DeprecationWarning, match="batch_matmul is deprecated; use"):
        y = batch_matmul(a, b)
    assert y.shape == (2, 3, 5)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(
    "a_shape, b_shape, transa, transb, expect",
    [
        ((2, 3, 4), (2, 5, 6), False, False, "Expect: a.shape[2] == b.shape[1]"),
        ((2, 3, 4), (2, 5), False, False, "Expect: a.shape[2] == b.shape[1]"),
        ((2, 3), (2, 4, 5), False, False, "Expect: b.shape[1] == 1"),
        ((2, 3, 4), (3, 4, 5), False, False, "Expect: a.shape[0] == b.shape[0]"),
        ((2, 3, 4, 1), (2, 4, 5), False, False, "Expect: a.ndim <= 3"),
        ((2,), (2, 4, 5), False, False, "Expect: a.ndim >= 2"),
    ],
)
def test_bad_shapes(a_shape, b_shape, transa, transb, expect):
    a = chainer.Variable(numpy.ones(a_shape, numpy.float32))
    b = chainer.Variable(numpy.ones(b_shape, numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        batch_matmul(a, b, transa=transa, transb=transb)
    message = str(info.value)
    assert "Invalid operation is performed in: BatchMatMul (Forward)" in message
    assert expect in message


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType, match="a.dtype == b.dtype"):
        batch_matmul(numpy.ones((2, 3, 4), numpy.float32), numpy.ones((2, 4, 5), numpy.float64))
