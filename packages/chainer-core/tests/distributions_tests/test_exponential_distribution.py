"""Tests of chainer.distributions.Exponential."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.exponential import Exponential
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _lam(shape, dtype):
    return numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _ExponentialConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Exponential
        self.scipy_dist = stats.expon
        self.test_targets = {
            "batch_shape",
            "cdf",
            "entropy",
            "event_shape",
            "icdf",
            "log_cdf",
            "log_prob",
            "log_survival",
            "mean",
            "prob",
            "sample",
            "stddev",
            "support",
            "survival",
            "variance",
        }
        self.support = "positive"
        lam = _lam(self.shape, self.dtype)
        self.params = {"lam": lam}
        self.scipy_params = {"scale": 1 / lam}


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestExponential(_ExponentialConfig):
    __test__ = True


@testing.fix_random()
class TestExponentialMore(unittest.TestCase):
    def test_negative_points(self):
        lam = _lam((3,), numpy.float64)
        d = Exponential(lam)
        x = numpy.array([-1.0, -2.0, 0.5])
        lp = d.log_prob(x).array
        numpy.testing.assert_array_equal(lp[:2], -numpy.inf)
        testing.assert_allclose(d.cdf(x).array, stats.expon.cdf(x, scale=1 / lam))
        testing.assert_allclose(d.survival_function(x).array, stats.expon.sf(x, scale=1 / lam))

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            lam = _lam((3, 2), dtype)
            x = numpy.exp(numpy.random.normal(size=(4, 3, 2))).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda lam, x: Exponential(lam).log_prob(x),
                (lam, x),
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_cdf_icdf_backward(self):
        lam = _lam((3,), numpy.float64)
        x = numpy.exp(numpy.random.normal(size=(3,)))
        q = numpy.random.uniform(0.1, 0.9, (3,))
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda lam, x: Exponential(lam).cdf(x), (lam, x), gy, eps=1e-4
        )
        gradient_check.check_backward(
            lambda lam, q: Exponential(lam).icdf(q), (lam, q), gy, eps=1e-4
        )

    def test_sample_backward(self):
        lam = _lam((3, 2), numpy.float64)
        gy = numpy.random.normal(size=(5, 3, 2))

        def sample(lam):
            numpy.random.seed(1)  # the same noise at every evaluation
            return Exponential(lam).sample_n(5)

        gradient_check.check_backward(sample, lam, gy, eps=1e-4)

    def test_kl(self):
        d1 = Exponential(_lam((3, 2), numpy.float64))
        d2 = Exponential(_lam((3, 2), numpy.float64))
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)

    def test_kl_backward(self):
        lam1, lam2 = _lam((3,), numpy.float64), _lam((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(Exponential(a), Exponential(b)),
            (lam1, lam2),
            gy,
            eps=1e-4,
        )

    def test_errors(self):
        with pytest.raises(TypeError, match="lam"):
            Exponential(numpy.array([1, 2]))
        with pytest.raises(TypeError, match="lam"):
            Exponential(None)
