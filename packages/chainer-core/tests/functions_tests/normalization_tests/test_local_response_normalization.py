"""F.local_response_normalization: values, gradients and errors."""

import numpy
import pytest

from chainer import testing
from chainer.functions.normalization.local_response_normalization import (
    local_response_normalization,
)
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


def lrn_reference(x, n, k, alpha, beta):
    """The channel loop of the definition, in float64."""
    x = x.astype(numpy.float64)
    channels = x.shape[1]
    half = n // 2
    y = numpy.empty_like(x)
    for c in range(channels):
        lo, hi = max(0, c - half), min(channels, c + half + 1)
        total = (x[:, lo:hi] ** 2).sum(axis=1)
        y[:, c] = x[:, c] * (k + alpha * total) ** -beta
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(2, 7, 3), (3, 4)],
            "params": [(5, 2.0, 1e-4, 0.75), (3, 1.0, 0.5, 0.75), (4, 1.5, 0.3, 1.2)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLocalResponseNormalization(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.n, self.k, self.alpha, self.beta = self.params

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        y = local_response_normalization(
            inputs[0], n=self.n, k=self.k, alpha=self.alpha, beta=self.beta
        )
        return (y,)

    def forward_expected(self, inputs):
        y = lrn_reference(inputs[0], self.n, self.k, self.alpha, self.beta)
        return (y.astype(self.dtype),)


def test_input_needs_a_channel_axis():
    with pytest.raises(type_check.InvalidType) as info:
        local_response_normalization(numpy.ones(3))
    assert "x.ndim >= 2" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n": 0}, ValueError, "n must be at least 1"),
        ({"n": 2.5}, TypeError, "n must be an int"),
        ({"alpha": "0.1"}, TypeError, "alpha must be a real number"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        local_response_normalization(numpy.ones((2, 3)), **kwargs)
