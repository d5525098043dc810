"""F.cholesky."""

import numpy
import pytest

from chainer import testing
from chainer.functions.math.cholesky import cholesky
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "n": [1, 3],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCholesky(testing.FunctionTestCase):
    def setUp(self):
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
        # A symmetric positive-definite matrix, eigenvalues at least 1.
        m = numpy.random.uniform(-1, 1, (self.n, self.n))
        return ((m @ m.T + numpy.eye(self.n)).astype(self.dtype),)

    def forward(self, inputs, device):
        # The numerical gradient moves the input off symmetry; symmetrizing
        # first keeps the checked function defined on every input.
        (a,) = inputs
        return (cholesky((a + a.T) * 0.5),)

    def forward_expected(self, inputs):
        a = inputs[0].astype(numpy.float64)
        return (numpy.linalg.cholesky((a + a.T) / 2).astype(self.dtype),)


def test_factor_reconstructs_the_input():
    m = numpy.random.RandomState(0).uniform(-1, 1, (4, 4))
    a = m @ m.T + numpy.eye(4)
    y = cholesky(a).array
    testing.assert_allclose(numpy.triu(y, 1), numpy.zeros((4, 4)), atol=0)
    testing.assert_allclose(y @ y.T, a, atol=1e-12, rtol=1e-12)


def test_not_positive_definite_raises():
    with pytest.raises(numpy.linalg.LinAlgError):
        cholesky(-numpy.eye(2, dtype=numpy.float32))


@pytest.mark.parametrize(
    "shape, expect", [((2, 3), "a.shape[0] == a.shape[1]"), ((1, 2, 2), "a.ndim == 2")]
)
def test_bad_shape(shape, expect):
    with pytest.raises(type_check.InvalidType) as info:
        cholesky(numpy.ones(shape, numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: Cholesky (Forward)" in message
    assert f"Expect: {expect}" in message


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="a.dtype.kind == 'f'|a.dtype.kind == f"):
        cholesky(numpy.eye(2, dtype=numpy.int32))
