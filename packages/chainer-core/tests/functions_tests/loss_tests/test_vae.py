"""F.bernoulli_nll, F.gaussian_nll and F.gaussian_kl_divergence."""

import math

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.vae import bernoulli_nll, gaussian_kl_divergence, gaussian_nll
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
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


_PARAMS = testing.product(
    {
        "shape": [(3, 2), (2, 3, 2)],
        "reduce": ["sum", "no"],
        "dtype": [numpy.float16, numpy.float32, numpy.float64],
        "contiguous": [None, "C"],
    }
)


def _reduced(loss, reduce, dtype):
    if reduce == "sum":
        loss = numpy.asarray(loss.sum())
    return loss.astype(dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestBernoulliNLL(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(0, 1, self.shape).astype(self.dtype)
        y = numpy.random.uniform(-2, 2, self.shape).astype(self.dtype)
        return x, y

    def forward(self, inputs, device):
        return (bernoulli_nll(*inputs, reduce=self.reduce),)

    def forward_expected(self, inputs):
        x, y = (a.astype(numpy.float64) for a in inputs)
        p = 1 / (1 + numpy.exp(-y))
        loss = -(x * numpy.log(p) + (1 - x) * numpy.log(1 - p))
        return (_reduced(loss, self.reduce, self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestGaussianNLL(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        mean = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        ln_var = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return x, mean, ln_var

    def forward(self, inputs, device):
        return (gaussian_nll(*inputs, reduce=self.reduce),)

    def forward_expected(self, inputs):
        x, mean, ln_var = (a.astype(numpy.float64) for a in inputs)
        var = numpy.exp(ln_var)
        # The log of the normal density, written out.
        log_density = -0.5 * numpy.log(2 * math.pi * var) - (x - mean) ** 2 / (2 * var)
        return (_reduced(-log_density, self.reduce, self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestGaussianKLDivergence(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        mean = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        ln_var = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return mean, ln_var

    def forward(self, inputs, device):
        return (gaussian_kl_divergence(*inputs, reduce=self.reduce),)

    def forward_expected(self, inputs):
        mean, ln_var = (a.astype(numpy.float64) for a in inputs)
        var = numpy.exp(ln_var)
        # KL(N(m, s^2) || N(0, 1)) = log(1 / s) + (s^2 + m^2) / 2 - 1 / 2
        loss = -0.5 * ln_var + (var + mean**2) / 2 - 0.5
        return (_reduced(loss, self.reduce, self.dtype),)


def test_bernoulli_nll_large_logits_are_finite():
    y = numpy.array([1000.0, -1000.0], numpy.float32)
    loss = bernoulli_nll(numpy.array([1.0, 0.0], numpy.float32), y, reduce="no")
    numpy.testing.assert_array_equal(loss.array, [0, 0])


@pytest.mark.parametrize(
    "func, n_args, names",
    [
        (bernoulli_nll, 2, ("x", "y")),
        (gaussian_nll, 3, ("x", "mean", "ln_var")),
        (gaussian_kl_divergence, 2, ("mean", "ln_var")),
    ],
)
def test_bad_inputs(func, n_args, names):
    good = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        func(good, *[numpy.zeros((3, 2), numpy.float32)] * (n_args - 1))
    assert f"{names[1]}.shape == {names[0]}.shape" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        func(good, *[numpy.zeros((2, 3), numpy.float64)] * (n_args - 1))
    assert f"{names[1]}.dtype == {names[0]}.dtype" in str(info.value)
    with pytest.raises(ValueError, match="reduce must be 'sum' or 'no', not 'mean'"):
        func(*[good] * n_args, reduce="mean")
