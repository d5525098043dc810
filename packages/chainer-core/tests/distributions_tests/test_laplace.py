"""Tests of chainer.distributions.Laplace."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.laplace import Laplace
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
    loc = numpy.random.uniform(-1, 1, shape).astype(dtype)
    scale = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)
    return loc, scale


class _LaplaceConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Laplace
        self.scipy_dist = stats.laplace
        self.test_targets = set(_TARGETS)
        loc, scale = _params(self.shape, self.dtype)
        self.params = {"loc": loc, "scale": scale}
        self.scipy_params = {"loc": loc, "scale": scale}


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
)
@testing.fix_random()
class TestLaplace(_LaplaceConfig):
    __test__ = True


@testing.fix_random()
class TestLaplaceMore(unittest.TestCase):
    def test_backward(self):
        loc, scale = _params()
        # points away from the kink at loc
        sign = numpy.sign(numpy.random.uniform(-1, 1, (4, 3, 2)))
        x = loc + scale * sign * numpy.random.uniform(0.2, 2, (4, 3, 2))
        gy = numpy.random.normal(size=(4, 3, 2))
        for name in ("log_prob", "cdf", "log_cdf", "survival_function", "log_survival_function"):
            with self.subTest(name=name):
                gradient_check.check_backward(
                    lambda loc, scale, name=name: getattr(Laplace(loc, scale), name)(x),
                    (loc, scale),
                    gy,
                )

    def test_icdf_backward(self):
        loc, scale = _params()
        p = numpy.random.uniform(0.05, 0.95, (3, 2))
        p[numpy.abs(p - 0.5) < 0.05] = 0.3
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda loc, scale: Laplace(loc, scale).icdf(p), (loc, scale), gy
        )

    def test_entropy_backward(self):
        loc, scale = _params()
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda loc, scale: Laplace(loc, scale).entropy, (loc, scale), gy
        )

    def test_sample_reparameterized(self):
        loc, scale = _params()
        gy = numpy.random.normal(size=(5, 3, 2))

        def f(loc, scale):
            with _seeded(1):
                return Laplace(loc, scale).sample(5)

        gradient_check.check_backward(f, (loc, scale), gy)

    def test_sample_dtype(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            y = Laplace(*_params(dtype=dtype)).sample_n(3)
            self.assertEqual(y.dtype, dtype)
            self.assertEqual(y.shape, (3, 3, 2))

    def test_mode(self):
        loc, scale = _params()
        testing.assert_allclose(Laplace(loc, scale).mode.array, loc)

    def test_far_tails(self):
        dist = Laplace(numpy.zeros(2), numpy.ones(2))
        x = numpy.array([-40.0, 40.0])
        testing.assert_allclose(dist.log_cdf(x).array, stats.laplace.logcdf(x))
        testing.assert_allclose(dist.log_survival_function(x).array, stats.laplace.logsf(x))
        testing.assert_allclose(dist.cdf(x).array, stats.laplace.cdf(x), atol=0, rtol=1e-10)

    def test_kl_closed_form_matches_monte_carlo(self):
        p, q = Laplace(*_params()), Laplace(*_params())
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_of_itself_is_zero(self):
        loc, scale = _params()
        kl = chainer.kl_divergence(Laplace(loc, scale), Laplace(loc, scale))
        testing.assert_allclose(kl.array, numpy.zeros((3, 2)))

    def test_kl_backward(self):
        (a, b), (c, d) = _params(), _params()
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(Laplace(a, b), Laplace(c, d)),
            (a, b, c, d),
            gy,
        )


class TestLaplaceErrors(unittest.TestCase):
    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="scale"):
            Laplace(numpy.zeros(2, numpy.float32), numpy.ones(2, numpy.int64))

    def test_mixed_dtypes(self):
        with pytest.raises(TypeError, match="same dtype"):
            Laplace(numpy.zeros(2, numpy.float64), numpy.ones(2, numpy.float32))

    def test_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match="broadcast"):
            Laplace(numpy.zeros((2, 3), numpy.float32), numpy.ones((2,), numpy.float32))

    def test_missing_argument(self):
        with pytest.raises(TypeError):
            Laplace(numpy.zeros(2, numpy.float32))
