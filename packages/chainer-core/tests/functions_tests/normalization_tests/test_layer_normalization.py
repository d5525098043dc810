"""F.layer_normalization: values, gradients and errors."""

import numpy
import pytest

from chainer import testing
from chainer.functions.normalization.layer_normalization import layer_normalization
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
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
            "shape": [(3, 4), (2, 5)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLayerNormalization(testing.FunctionTestCase):
    eps = 1e-5

    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        units = self.shape[1]
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        gamma = numpy.random.uniform(0.5, 1.5, units).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, units).astype(self.dtype)
        return x, gamma, beta

    def forward(self, inputs, device):
        return (layer_normalization(*inputs, eps=self.eps),)

    def forward_expected(self, inputs):
        x, gamma, beta = (a.astype(numpy.float64) for a in inputs)
        mean = x.mean(axis=1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
        y = (x - mean) / numpy.sqrt(var + self.eps) * gamma + beta
        return (y.astype(self.dtype),)


def test_input_must_be_two_dimensional():
    with pytest.raises(type_check.InvalidType) as info:
        layer_normalization(numpy.ones((2, 3, 1)), numpy.ones(3), numpy.zeros(3))
    assert "x.ndim == 2" in str(info.value)


def test_units_must_match_gamma():
    with pytest.raises(type_check.InvalidType) as info:
        layer_normalization(numpy.ones((2, 3)), numpy.ones(2), numpy.zeros(2))
    assert "x.shape[1] == gamma.shape[0]" in str(info.value)
