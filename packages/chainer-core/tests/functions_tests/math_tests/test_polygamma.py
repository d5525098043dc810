"""F.polygamma(n, x): integer orders n (no gradient), broadcasting, the order-zero case."""

import sys

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.polygamma import polygamma
from chainer.utils import type_check

special = pytest.importorskip("scipy.special")

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((3, 2), (3, 2)), ((), ()), ((2,), (3, 2))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestPolyGamma(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        n_shape, x_shape = self.shapes
        n = numpy.random.randint(0, 3, n_shape).astype(numpy.int32)
        x = numpy.random.uniform(1.0, 3.0, x_shape).astype(self.dtype)
        return n, x

    def forward(self, inputs, device):
        n, x = inputs
        return (polygamma(n, x),)

    def forward_expected(self, inputs):
        n, x = inputs
        y = special.polygamma(n, x.astype(numpy.float64))
        return (numpy.asarray(y).astype(self.dtype),)


@pytest.mark.parametrize("n", [0, 1, 3, numpy.int64(2)])
def test_polygamma_with_python_int_order(n):
    x = chainer.Variable(numpy.array([0.5, 1.5, 4.0], numpy.float64))
    y = polygamma(n, x)
    assert y.dtype == numpy.float64
    numpy.testing.assert_allclose(y.array, special.polygamma(int(n), x.array), rtol=1e-12)
    (gx,) = chainer.grad([y], [x], grad_outputs=[numpy.ones(3)])
    numpy.testing.assert_allclose(gx.array, special.polygamma(int(n) + 1, x.array), rtol=1e-12)


def test_polygamma_zero_is_digamma():
    x = numpy.array([0.3, 2.0], numpy.float32)
    numpy.testing.assert_allclose(polygamma(0, x).array, special.digamma(x), rtol=1e-6)


def test_polygamma_negative_order_is_refused():
    with pytest.raises(ValueError, match="n must be non-negative, but -1 was given"):
        polygamma(-1, numpy.ones((2,), numpy.float32))


@pytest.mark.parametrize("n", [1.0, "1", None, True])
def test_polygamma_order_of_wrong_type(n):
    with pytest.raises(TypeError, match="polygamma: n must be an int or an integer array"):
        polygamma(n, numpy.ones((2,), numpy.float32))


def test_polygamma_float_order_array_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        polygamma(numpy.ones((2,), numpy.float32), numpy.ones((2,), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: polygamma (Forward)" in message
    assert "n.dtype.kind == i" in message.replace("'", "")


def test_polygamma_int_x_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        polygamma(numpy.ones((2,), numpy.int32), numpy.ones((2,), numpy.int32))
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")


def test_polygamma_shapes_that_do_not_broadcast():
    with pytest.raises(type_check.InvalidType, match="cannot broadcast"):
        polygamma(numpy.ones((3,), numpy.int32), numpy.ones((2,), numpy.float32))


def test_polygamma_without_scipy_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    with pytest.raises(ImportError, match=r'pip install "chainer-core\[scipy\]"'):
        polygamma(1, numpy.ones((2,), numpy.float32))
