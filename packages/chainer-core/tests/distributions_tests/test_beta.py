"""Tests of chainer.distributions.Beta."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.beta import Beta
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _ab(shape, dtype):
    a = numpy.random.uniform(0.5, 3.0, shape).astype(dtype)
    b = numpy.random.uniform(0.5, 3.0, shape).astype(dtype)
    return a, b


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _BetaConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Beta
        self.scipy_dist = stats.beta
        self.test_targets = {
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
        self.support = "[0, 1]"
        a, b = _ab(self.shape, self.dtype)
        self.params = {"a": a, "b": b}
        self.scipy_params = {"a": a, "b": b}

    def sample_for_test(self):
        size = self.sample_shape + self.shape
        return numpy.random.uniform(0.05, 0.95, size).astype(self.dtype)


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestBeta(_BetaConfig):
    __test__ = True


@testing.fix_random()
class TestBetaMore(unittest.TestCase):
    def test_broadcast_params(self):
        a = numpy.full((3, 1), 2.0, numpy.float32)
        b = numpy.array([1.0, 2.0], numpy.float32)
        d = Beta(a, b)
        self.assertEqual(d.batch_shape, (3, 2))
        self.assertEqual(d.a.shape, (3, 2))
        self.assertEqual(d.sample((4,)).shape, (4, 3, 2))

    def test_log_prob_outside_support(self):
        a, b = _ab((3,), numpy.float64)
        lp = Beta(a, b).log_prob(numpy.array([-0.5, 1.5, 0.5])).array
        numpy.testing.assert_array_equal(lp[:2], -numpy.inf)
        testing.assert_allclose(lp[2], stats.beta.logpdf(0.5, a[2], b[2]))

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            a, b = _ab((3, 2), dtype)
            x = numpy.random.uniform(0.1, 0.9, (4, 3, 2)).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda a, b, x: Beta(a, b).log_prob(x),
                (a, b, x),
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_entropy_backward(self):
        a, b = _ab((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(lambda a, b: Beta(a, b).entropy, (a, b), gy, eps=1e-4)

    def test_kl(self):
        a1, b1 = _ab((3, 2), numpy.float64)
        a2, b2 = _ab((3, 2), numpy.float64)
        d1, d2 = Beta(a1, b1), Beta(a2, b2)
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)
        testing.assert_allclose(chainer.kl_divergence(d1, d1).array, numpy.zeros((3, 2)))

    def test_kl_backward(self):
        a1, b1 = _ab((3,), numpy.float64)
        a2, b2 = _ab((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda a1, b1, a2, b2: chainer.kl_divergence(Beta(a1, b1), Beta(a2, b2)),
            (a1, b1, a2, b2),
            gy,
            eps=1e-4,
        )

    def test_errors(self):
        a = numpy.ones((3,), numpy.float32)
        with pytest.raises(TypeError, match="a"):
            Beta(numpy.ones((3,), numpy.int32), a)
        with pytest.raises(TypeError, match="dtype"):
            Beta(a, a.astype(numpy.float64))
        with pytest.raises(ValueError, match="broadcast"):
            Beta(a, numpy.ones((2,), numpy.float32))
        with pytest.raises(TypeError, match="b"):
            Beta(a, [1.0, 2.0, 3.0])
