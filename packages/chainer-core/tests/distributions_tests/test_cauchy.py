"""Tests of chainer.distributions.Cauchy."""

import unittest
import warnings

import numpy
import pytest

from chainer import gradient_check, testing
from chainer.distributions.cauchy import Cauchy
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _loc_scale(shape, dtype):
    loc = numpy.random.uniform(-1, 1, shape).astype(dtype)
    scale = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)
    return loc, scale


class _CauchyConfig(distribution_unittest):
    __test__ = False

    def setUp_configure(self):
        self.dist = Cauchy
        self.scipy_dist = stats.cauchy
        # The sample moments do not exist: sampling is tested with quantiles below.
        self.test_targets = {
            "batch_shape",
            "cdf",
            "entropy",
            "event_shape",
            "icdf",
            "log_cdf",
            "log_prob",
            "log_survival",
            "prob",
            "support",
            "survival",
        }
        loc, scale = _loc_scale(self.shape, self.dtype)
        self.params = {"loc": loc, "scale": scale}
        self.scipy_params = {"loc": loc, "scale": scale}


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestCauchy(_CauchyConfig):
    __test__ = True


@testing.fix_random()
class TestCauchyMore(unittest.TestCase):
    def test_mean_and_variance_undefined(self):
        loc, scale = _loc_scale((3, 2), numpy.float32)
        d = Cauchy(loc, scale)
        for name in ("mean", "variance"):
            with pytest.warns(RuntimeWarning, match="undefined"):
                value = getattr(d, name)
            self.assertEqual(value.shape, (3, 2))
            self.assertEqual(value.dtype, numpy.float32)
            self.assertTrue(numpy.all(numpy.isnan(value.array)))

    def test_sample_quantiles(self):
        loc, scale = _loc_scale((3, 2), numpy.float64)
        n = 20000
        s = Cauchy(loc, scale).sample((n,)).array
        self.assertEqual(s.shape, (n, 3, 2))
        for q in (0.1, 0.25, 0.5, 0.75, 0.9):
            below = (s <= stats.cauchy.ppf(q, loc, scale)).mean(axis=0)
            se = numpy.sqrt(q * (1 - q) / n)
            assert numpy.all(numpy.abs(below - q) <= 5 * se), (q, below)

    def test_sample_dtype(self):
        loc, scale = _loc_scale((2,), numpy.float32)
        self.assertEqual(Cauchy(loc, scale).sample((3,)).dtype, numpy.float32)

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            loc, scale = _loc_scale((3, 2), dtype)
            x = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda loc, scale, x: Cauchy(loc, scale).log_prob(x),
                (loc, scale, x),
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_cdf_icdf_backward(self):
        loc, scale = _loc_scale((3,), numpy.float64)
        x = numpy.random.normal(size=(3,))
        q = numpy.random.uniform(0.1, 0.9, (3,))
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda loc, scale, x: Cauchy(loc, scale).cdf(x), (loc, scale, x), gy, eps=1e-4
        )
        gradient_check.check_backward(
            lambda loc, scale, q: Cauchy(loc, scale).icdf(q), (loc, scale, q), gy, eps=1e-4
        )

    def test_sample_backward(self):
        loc, scale = _loc_scale((3, 2), numpy.float64)
        gy = numpy.random.normal(size=(5, 3, 2))

        def sample(loc, scale):
            numpy.random.seed(1)  # the same noise at every evaluation
            return Cauchy(loc, scale).sample_n(5)

        gradient_check.check_backward(sample, (loc, scale), gy, eps=1e-4)

    def test_errors(self):
        loc = numpy.zeros((3,), numpy.float32)
        with pytest.raises(TypeError, match="loc"):
            Cauchy(numpy.zeros((3,), numpy.int32), loc)
        with pytest.raises(TypeError, match="dtype"):
            Cauchy(loc, loc.astype(numpy.float64))
        with pytest.raises(ValueError, match="broadcast"):
            Cauchy(loc, numpy.ones((2,), numpy.float32))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _ = Cauchy(loc, numpy.ones((3,), numpy.float32)).entropy  # no warning
