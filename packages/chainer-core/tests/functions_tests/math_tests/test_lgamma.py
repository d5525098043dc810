"""F.lgamma: log |gamma(x)|."""

import sys

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.lgamma import lgamma
from chainer.utils import type_check

special = pytest.importorskip("scipy.special")

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLgamma(testing.FunctionTestCase):
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
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        return (numpy.random.uniform(0.5, 3.0, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (lgamma(inputs[0]),)

    def forward_expected(self, inputs):
        y = special.gammaln(inputs[0].astype(numpy.float64))
        return (numpy.asarray(y).astype(self.dtype),)


def test_lgamma_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        lgamma(numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: lgamma (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


def test_lgamma_without_scipy_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    with pytest.raises(ImportError, match=r'pip install "chainer-core\[scipy\]"'):
        lgamma(numpy.full((2,), 1.75, numpy.float32))


def test_lgamma_negative_non_integer():
    x = chainer.Variable(numpy.array([-2.5, -0.5], numpy.float64))
    y = lgamma(x)
    numpy.testing.assert_allclose(y.array, special.gammaln(x.array), rtol=1e-12)
    (gx,) = chainer.grad([y], [x], grad_outputs=[numpy.ones(2)])
    numpy.testing.assert_allclose(gx.array, special.digamma(x.array), rtol=1e-12)
