"""F.logsumexp over axes, and its behaviour for large and infinite inputs."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.logsumexp import logsumexp
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2, 4)],
            "axis": [None, 1, -1, (0, 2)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape": [()],
            "axis": [None],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": ["C"],
        }
    )
)
@testing.fix_random()
class TestLogSumExp(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        return (numpy.asarray(numpy.random.uniform(-1, 1, self.shape)).astype(self.dtype),)

    def forward(self, inputs, device):
        return (logsumexp(inputs[0], axis=self.axis),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        y = numpy.log(numpy.sum(numpy.exp(x), axis=self.axis))
        return (numpy.asarray(y).astype(self.dtype),)


def test_logsumexp_large_inputs_do_not_overflow():
    x = chainer.Variable(numpy.array([[1000.0, 1000.0], [-1000.0, -1001.0]], numpy.float32))
    y = logsumexp(x, axis=1)
    expected = [1000.0 + numpy.log(2.0), -1000.0 + numpy.log1p(numpy.exp(-1.0))]
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-6)
    y.grad = numpy.ones(2, numpy.float32)
    y.backward()
    e = numpy.exp(-1.0)
    # exp(x - y): y near 1000 carries float32's rounding (about 3e-5 relative).
    numpy.testing.assert_allclose(x.grad, [[0.5, 0.5], [1 / (1 + e), e / (1 + e)]], rtol=1e-4)


def test_logsumexp_of_all_minus_inf_is_minus_inf():
    x = numpy.array([[-numpy.inf, -numpy.inf], [0.0, -numpy.inf]], numpy.float64)
    y = logsumexp(x, axis=1)
    numpy.testing.assert_array_equal(y.array, [-numpy.inf, 0.0])


def test_logsumexp_gradient_is_softmax():
    x = chainer.Variable(numpy.array([[0.0, 1.0, 2.0]], numpy.float64))
    (gx,) = chainer.grad([logsumexp(x, axis=1)], [x], grad_outputs=[numpy.ones(1)])
    e = numpy.exp(x.array)
    numpy.testing.assert_allclose(gx.array, e / e.sum(), rtol=1e-14)


def test_logsumexp_of_int_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        logsumexp(numpy.ones((2, 3), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: logsumexp (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


@pytest.mark.parametrize("axis", [2, -3, (0, 5)])
def test_logsumexp_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType, match=r"x.ndim == 2"):
        logsumexp(numpy.ones((2, 3), numpy.float32), axis=axis)


def test_logsumexp_duplicate_axis():
    with pytest.raises(ValueError, match="logsumexp: duplicate value in axis"):
        logsumexp(numpy.ones((2, 3), numpy.float32), axis=(0, 0))
    with pytest.raises(ValueError, match="names the same dimension twice"):
        logsumexp(numpy.ones((2, 3), numpy.float32), axis=(0, -2))


@pytest.mark.parametrize("axis", [1.5, [0], (0, "a")])
def test_logsumexp_bad_axis_type(axis):
    with pytest.raises(TypeError, match="logsumexp: axis must be None, an int or a tuple of ints"):
        logsumexp(numpy.ones((2, 3), numpy.float32), axis=axis)
