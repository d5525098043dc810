"""Tests of chainer.distributions.Gamma."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.gamma import Gamma
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _k_theta(shape, dtype):
    k = numpy.random.uniform(0.5, 4.0, shape).astype(dtype)
    theta = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)
    return k, theta


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _GammaConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Gamma
        self.scipy_dist = stats.gamma
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
        self.support = "positive"
        k, theta = _k_theta(self.shape, self.dtype)
        self.params = {"k": k, "theta": theta}
        self.scipy_params = {"a": k, "scale": theta}


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestGamma(_GammaConfig):
    __test__ = True


@testing.fix_random()
class TestGammaMore(unittest.TestCase):
    def test_log_prob_outside_support(self):
        k, theta = _k_theta((2,), numpy.float64)
        lp = Gamma(k, theta).log_prob(numpy.array([-1.0, 2.0])).array
        self.assertEqual(lp[0], -numpy.inf)
        testing.assert_allclose(lp[1], stats.gamma.logpdf(2.0, k[1], scale=theta[1]))

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            k, theta = _k_theta((3, 2), dtype)
            x = numpy.exp(numpy.random.normal(size=(4, 3, 2))).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda k, theta, x: Gamma(k, theta).log_prob(x),
                (k, theta, x),
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_entropy_backward(self):
        k, theta = _k_theta((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(lambda k, t: Gamma(k, t).entropy, (k, theta), gy, eps=1e-4)

    def test_sample_backward_theta(self):
        k, theta = _k_theta((3, 2), numpy.float64)
        gy = numpy.random.normal(size=(5, 3, 2))

        def sample(theta):
            numpy.random.seed(1)  # the same noise at every evaluation
            return Gamma(k, theta).sample_n(5)

        gradient_check.check_backward(sample, theta, gy, eps=1e-4)

    def test_kl(self):
        d1 = Gamma(*_k_theta((3, 2), numpy.float64))
        d2 = Gamma(*_k_theta((3, 2), numpy.float64))
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)

    def test_kl_backward(self):
        k1, t1 = _k_theta((3,), numpy.float64)
        k2, t2 = _k_theta((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda k1, t1, k2, t2: chainer.kl_divergence(Gamma(k1, t1), Gamma(k2, t2)),
            (k1, t1, k2, t2),
            gy,
            eps=1e-4,
        )

    def test_errors(self):
        k = numpy.ones((3,), numpy.float32)
        with pytest.raises(TypeError, match="theta"):
            Gamma(k, numpy.ones((3,), numpy.int64))
        with pytest.raises(TypeError, match="dtype"):
            Gamma(k, k.astype(numpy.float64))
        with pytest.raises(ValueError, match="broadcast"):
            Gamma(k, numpy.ones((2, 2), numpy.float32))
