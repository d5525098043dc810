"""Tests of chainer.distributions.Poisson."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.poisson import Poisson
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_TARGETS = {
    "batch_shape",
    "entropy",
    "event_shape",
    "log_prob",
    "mean",
    "prob",
    "sample",
    "stddev",
    "support",
    "variance",
}


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


def _rates(shape=(3, 2), dtype=numpy.float64):
    return numpy.exp(numpy.random.uniform(-1, 2.5, shape)).astype(dtype)


class _PoissonConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Poisson
        self.scipy_dist = stats.poisson
        self.test_targets = set(_TARGETS)
        self.support = "non negative integer"
        self.continuous = False
        lam = _rates(self.shape, self.dtype)
        self.params = {"lam": lam}
        self.scipy_params = {"mu": lam}

    def sample_for_test(self):
        size = self.sample_shape + self.shape
        return numpy.random.randint(0, 15, size).astype(self.dtype)


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
)
@testing.fix_random()
class TestPoisson(_PoissonConfig):
    __test__ = True


@testing.fix_random()
class TestPoissonMore(unittest.TestCase):
    def test_log_prob_backward(self):
        lam = _rates()
        x = numpy.random.randint(0, 10, (4, 3, 2))
        gy = numpy.random.normal(size=(4, 3, 2))
        gradient_check.check_backward(lambda lam: Poisson(lam).log_prob(x), lam, gy)

    def test_entropy_backward(self):
        lam = numpy.array([0.3, 4.0, 60.0, 350.0])
        gy = numpy.random.normal(size=(4,))
        gradient_check.check_backward(lambda lam: Poisson(lam).entropy, lam, gy)

    def test_entropy_wide_range(self):
        lam = numpy.array([1e-3, 0.5, 10.0, 150.0, 199.9, 200.1, 1e3])
        expected = [
            -numpy.sum(stats.poisson.pmf(k, l) * stats.poisson.logpmf(k, l))
            for l, k in ((l, numpy.arange(int(l + 40 * numpy.sqrt(l) + 100))) for l in lam)
        ]
        testing.assert_allclose(Poisson(lam).entropy.array, expected, atol=1e-9, rtol=1e-9)
        testing.assert_allclose(
            Poisson(lam.astype(numpy.float32)).entropy.array, expected, atol=1e-6, rtol=1e-5
        )

    def test_log_prob_integer_and_invalid_points(self):
        dist = Poisson(numpy.full(4, 2.0))
        x = numpy.array([-1, 0, 3, 2])
        logp = dist.log_prob(x).array
        self.assertEqual(logp[0], -numpy.inf)
        testing.assert_allclose(logp[1:], stats.poisson.logpmf(x[1:], 2.0))
        self.assertEqual(dist.log_prob(numpy.array([0.5, 1.0, 1.0, 1.0])).array[0], -numpy.inf)

    def test_mode(self):
        testing.assert_allclose(Poisson(numpy.array([0.5, 2.0, 3.7])).mode.array, [0.0, 2.0, 3.0])

    def test_sample_dtype(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            y = Poisson(_rates(dtype=dtype)).sample_n(3)
            self.assertEqual(y.dtype, dtype)
            self.assertEqual(y.shape, (3, 3, 2))
            self.assertTrue(numpy.all(y.array == numpy.floor(y.array)))

    def test_kl_closed_form_matches_monte_carlo(self):
        p, q = Poisson(_rates()), Poisson(_rates())
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_backward(self):
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(Poisson(a), Poisson(b)), (_rates(), _rates()), gy
        )


class TestPoissonErrors(unittest.TestCase):
    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="lam"):
            Poisson(numpy.ones(2, numpy.int64))

    def test_not_an_array(self):
        with pytest.raises(TypeError, match="lam"):
            Poisson("2")
