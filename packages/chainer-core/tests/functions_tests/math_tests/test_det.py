"""F.det and F.batch_det."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.det import batch_det, det
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]
_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


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


def _matrices(shape, dtype):
    # Determinants of order one, away from singular matrices.
    n = shape[-1]
    return (numpy.random.uniform(-0.5, 0.5, shape) + numpy.eye(n)).astype(dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"n": [1, 3], "dtype": _DTYPES, "contiguous": [None, "C"]}))
@testing.fix_random()
class TestDet(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (_matrices((self.n, self.n), self.dtype),)

    def forward(self, inputs, device):
        return (det(inputs[0]),)

    def forward_expected(self, inputs):
        expected = numpy.linalg.det(inputs[0].astype(numpy.float64))
        return (numpy.asarray(expected, dtype=self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"shape": [(2, 3, 3), (3, 1, 1)], "dtype": _DTYPES, "contiguous": [None, "C"]})
)
@testing.fix_random()
class TestBatchDet(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (_matrices(self.shape, self.dtype),)

    def forward(self, inputs, device):
        return (batch_det(inputs[0]),)

    def forward_expected(self, inputs):
        return (numpy.linalg.det(inputs[0].astype(numpy.float64)).astype(self.dtype),)


def test_det_of_product_is_product_of_dets():
    a = numpy.random.RandomState(0).uniform(-1, 1, (3, 3))
    b = numpy.random.RandomState(1).uniform(-1, 1, (3, 3))
    y = det(a @ b)
    assert y.shape == ()
    testing.assert_allclose(y.array, numpy.linalg.det(a) * numpy.linalg.det(b), atol=1e-12)


def test_gradient_is_det_times_inverse_transpose():
    a = numpy.random.RandomState(2).uniform(-1, 1, (3, 3)) + numpy.eye(3)
    x = chainer.Variable(a)
    det(x).backward()
    expected = numpy.linalg.det(a) * numpy.linalg.inv(a).T
    testing.assert_allclose(x.grad, expected, atol=1e-12, rtol=1e-10)


@pytest.mark.parametrize(
    "func, shape, label, expect",
    [
        (det, (2, 3), "Det", "a.shape[-1] == a.shape[-2]"),
        (det, (1, 2, 2), "Det", "a.ndim == 2"),
        (batch_det, (2, 2), "BatchDet", "a.ndim == 3"),
        (batch_det, (2, 2, 3), "BatchDet", "a.shape[-1] == a.shape[-2]"),
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
        batch_det(numpy.ones((1, 2, 2), numpy.int32))
