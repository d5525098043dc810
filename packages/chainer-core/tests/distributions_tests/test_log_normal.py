"""Tests of chainer.distributions.LogNormal."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.log_normal import LogNormal
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_TARGETS = {
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


@contextlib.contextmanager
def _seeded(seed):
    """Runs the block with NumPy's global generator seeded, then restores its state."""
    state = numpy.random.get_state()
    numpy.random.seed(seed)
    try:
        yield
    finally:
        numpy.random.set_state(state)


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


def _params(shape=(3, 2), dtype=numpy.float64):
    mu = numpy.random.uniform(-0.5, 0.5, shape).astype(dtype)
    sigma = numpy.random.uniform(0.2, 0.7, shape).astype(dtype)
    return mu, sigma


class _LogNormalConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = LogNormal
        self.scipy_dist = stats.lognorm
        self.test_targets = set(_TARGETS)
        self.support = "positive"
        mu, sigma = _params(self.shape, self.dtype)
        self.params = {"mu": mu, "sigma": sigma}
        self.scipy_params = {"s": sigma, "scale": numpy.exp(mu)}


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
)
@testing.fix_random()
class TestLogNormal(_LogNormalConfig):
    __test__ = True


@testing.fix_random()
class TestLogNormalMore(unittest.TestCase):
    def test_backward(self):
        mu, sigma = _params()
        # points at moderate z, where finite differences are accurate
        x = numpy.exp(mu + sigma * numpy.random.uniform(-2, 2, (4, 3, 2)))
        gy = numpy.random.normal(size=(4, 3, 2))
        for name in ("log_prob", "cdf", "log_cdf", "survival_function", "log_survival_function"):
            with self.subTest(name=name):
                gradient_check.check_backward(
                    lambda mu, sigma, name=name: getattr(LogNormal(mu, sigma), name)(x),
                    (mu, sigma),
                    gy,
                    eps=1e-4,  # small steps: the log tails curve sharply
                )

    def test_moments_backward(self):
        mu, sigma = _params()
        gy = numpy.random.normal(size=(3, 2))
        for name in ("mean", "variance", "stddev", "entropy", "mode"):
            with self.subTest(name=name):
                gradient_check.check_backward(
                    lambda mu, sigma, name=name: getattr(LogNormal(mu, sigma), name),
                    (mu, sigma),
                    gy,
                )

    def test_mode(self):
        mu, sigma = _params()
        testing.assert_allclose(LogNormal(mu, sigma).mode.array, numpy.exp(mu - sigma**2))

    def test_outside_support(self):
        dist = LogNormal(numpy.zeros(3), numpy.ones(3))
        x = numpy.array([-1.0, 0.0, 1.0])
        logp = dist.log_prob(x).array
        self.assertEqual(logp[0], -numpy.inf)
        self.assertEqual(logp[1], -numpy.inf)
        testing.assert_allclose(dist.cdf(x).array, [0.0, 0.0, 0.5])
        testing.assert_allclose(dist.survival_function(x).array, [1.0, 1.0, 0.5])
        self.assertEqual(dist.log_cdf(x).array[0], -numpy.inf)

    def test_sample_reparameterized(self):
        mu, sigma = _params()
        gy = numpy.random.normal(size=(5, 3, 2))

        def f(mu, sigma):
            with _seeded(1):
                return LogNormal(mu, sigma).sample(5)

        gradient_check.check_backward(f, (mu, sigma), gy)

    def test_sample_dtype(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            y = LogNormal(*_params(dtype=dtype)).sample_n(3)
            self.assertEqual(y.dtype, dtype)
            self.assertTrue(numpy.all(y.array > 0))

    def test_kl_closed_form_matches_monte_carlo(self):
        p, q = LogNormal(*_params()), LogNormal(*_params())
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_backward(self):
        (a, b), (c, d) = _params(), _params()
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(LogNormal(a, b), LogNormal(c, d)),
            (a, b, c, d),
            gy,
        )


class TestLogNormalErrors(unittest.TestCase):
    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="mu"):
            LogNormal(numpy.zeros(2, numpy.int32), numpy.ones(2, numpy.float32))

    def test_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match=r"mu \(3,\).*sigma \(2,\)"):
            LogNormal(numpy.zeros(3, numpy.float32), numpy.ones(2, numpy.float32))
