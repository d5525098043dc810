"""F.normalize (L2 normalization): values, gradients, zero vectors and errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.normalization.l2_normalization import normalize
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-10}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [((4, 3), 1), ((2, 3, 4), (1, 2)), ((2, 3, 4), -1), ((3, 2), 0)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestNormalize(testing.FunctionTestCase):
    eps = 1e-5

    def setUp(self):
        _options(self, self.dtype)
        self.shape, self.axis = self.case

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (normalize(inputs[0], eps=self.eps, axis=self.axis),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        norm = numpy.sqrt((x * x).sum(axis=self.axis, keepdims=True))
        return ((x / (norm + self.eps)).astype(self.dtype),)


def test_zero_vectors_have_finite_values_and_gradients():
    x = chainer.Variable(numpy.array([[0.0, 0.0], [3.0, 4.0]]))
    y = normalize(x, eps=0.5)
    numpy.testing.assert_allclose(y.array, [[0.0, 0.0], [3 / 5.5, 4 / 5.5]])
    gy = numpy.array([[1.0, -2.0], [0.5, 0.25]])
    (gx,) = chainer.grad([y], [x], grad_outputs=[gy], enable_double_backprop=True)
    # At a zero vector y = x / eps to first order.
    numpy.testing.assert_allclose(gx.array[0], gy[0] / 0.5)
    (ggx,) = chainer.grad([chainer.functions.sum(gx * gx)], [x])
    assert numpy.isfinite(ggx.array).all()


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        normalize(numpy.ones((2, 3), numpy.int32))
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")


def test_axis_out_of_range_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        normalize(numpy.ones((2, 3)), axis=2)
    assert "axis == 2" in str(info.value)


@pytest.mark.parametrize(
    "axis, error",
    [(None, TypeError), (1.0, TypeError), ((1, 1), ValueError)],
)
def test_bad_axis(axis, error):
    with pytest.raises(error, match="axis"):
        normalize(numpy.ones((2, 3)), axis=axis)
