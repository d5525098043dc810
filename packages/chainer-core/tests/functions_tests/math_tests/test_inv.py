"""F.inv and F.batch_inv."""

import numpy
import pytest

from chainer import testing
from chainer.functions.math.inv import batch_inv, inv
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
        case.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}


def _well_conditioned(shape, dtype):
    """Random matrices with a dominant diagonal (far from singular)."""
    n = shape[-1]
    a = numpy.random.uniform(-1, 1, shape) + (n + 1) * numpy.eye(n)
    return a.astype(dtype)


_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"n": [1, 3], "dtype": _DTYPES, "contiguous": [None, "C"]}))
@testing.fix_random()
class TestInv(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (_well_conditioned((self.n, self.n), self.dtype),)

    def forward(self, inputs, device):
        return (inv(inputs[0]),)

    def forward_expected(self, inputs):
        return (numpy.linalg.inv(inputs[0].astype(numpy.float64)).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"shape": [(2, 3, 3), (1, 2, 2)], "dtype": _DTYPES, "contiguous": [None, "C"]})
)
@testing.fix_random()
class TestBatchInv(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (_well_conditioned(self.shape, self.dtype),)

    def forward(self, inputs, device):
        return (batch_inv(inputs[0]),)

    def forward_expected(self, inputs):
        return (numpy.linalg.inv(inputs[0].astype(numpy.float64)).astype(self.dtype),)


@pytest.mark.parametrize(
    "func, shape, label, expect",
    [
        (inv, (2, 3), "Inv", "a.shape[-1] == a.shape[-2]"),
        (inv, (2, 2, 2), "Inv", "a.ndim == 2"),
        (batch_inv, (2, 2), "BatchInv", "a.ndim == 3"),
        (batch_inv, (2, 3, 2), "BatchInv", "a.shape[-1] == a.shape[-2]"),
    ],
)
def test_bad_shape(func, shape, label, expect):
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones(shape, numpy.float32))
    message = str(info.value)
    assert f"Invalid operation is performed in: {label} (Forward)" in message
    assert f"Expect: {expect}" in message


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="a.dtype.kind == 'f'|a.dtype.kind == f"):
        inv(numpy.eye(2, dtype=numpy.int32))


@pytest.mark.parametrize("func, shape", [(inv, (2, 2)), (batch_inv, (2, 2, 2))])
def test_singular_matrix_raises(func, shape):
    with pytest.raises(numpy.linalg.LinAlgError):
        func(numpy.ones(shape, numpy.float32))
