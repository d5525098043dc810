"""Tests of chainer.distributions.Pareto."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.pareto import Pareto
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


def _params(shape=(3, 2), dtype=numpy.float64, alpha=(2.5, 5.0)):
    scale = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)
    alpha = numpy.random.uniform(*alpha, shape).astype(dtype)
    return scale, alpha


class _ParetoConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Pareto
        self.scipy_dist = stats.pareto
        self.test_targets = set(_TARGETS)
        self.support = "[scale, inf]"
        # light enough tails for the sample moments and their standard errors
        scale, alpha = _params(self.shape, self.dtype, alpha=(9.0, 12.0))
        self.params = {"scale": scale, "alpha": alpha}
        self.scipy_params = {"b": alpha, "scale": scale}

    def sample_for_test(self):
        # mostly inside the support, some points below the scale
        size = self.sample_shape + self.shape
        scale = self.params["scale"]
        scale = getattr(scale, "array", scale)
        x = scale * numpy.exp(numpy.random.normal(0.3, 0.5, size))
        return x.astype(self.dtype)


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
)
@testing.fix_random()
class TestPareto(_ParetoConfig):
    __test__ = True


@testing.fix_random()
class TestParetoMore(unittest.TestCase):
    def test_backward(self):
        scale, alpha = _params()
        x = scale * numpy.exp(numpy.random.uniform(0.1, 2, (4, 3, 2)))
        gy = numpy.random.normal(size=(4, 3, 2))
        for name in ("log_prob", "cdf", "log_cdf", "survival_function", "log_survival_function"):
            with self.subTest(name=name):
                gradient_check.check_backward(
                    lambda scale, alpha, name=name: getattr(Pareto(scale, alpha), name)(x),
                    (scale, alpha),
                    gy,
                    eps=1e-4,  # small steps: log_cdf curves sharply near the scale
                )

    def test_properties_backward(self):
        scale, alpha = _params()
        gy = numpy.random.normal(size=(3, 2))
        for name in ("mean", "variance", "stddev", "entropy"):
            with self.subTest(name=name):
                gradient_check.check_backward(
                    lambda scale, alpha, name=name: getattr(Pareto(scale, alpha), name),
                    (scale, alpha),
                    gy,
                )

    def test_icdf_backward(self):
        scale, alpha = _params()
        p = numpy.random.uniform(0.05, 0.95, (3, 2))
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda scale, alpha: Pareto(scale, alpha).icdf(p), (scale, alpha), gy
        )

    def test_infinite_moments(self):
        scale = numpy.ones(4)
        alpha = numpy.array([0.5, 1.0, 1.5, 3.0])
        dist = Pareto(scale, alpha)
        testing.assert_allclose(dist.mean.array, stats.pareto.mean(alpha))
        testing.assert_allclose(dist.variance.array, stats.pareto.var(alpha))
        testing.assert_allclose(dist.stddev.array, stats.pareto.std(alpha))
        # the discarded branches leave finite gradients
        alpha_v = chainer.Variable(alpha)
        chainer.functions.sum(Pareto(scale, alpha_v).mean[3:]).backward()
        self.assertTrue(numpy.all(numpy.isfinite(alpha_v.grad)))
        self.assertTrue(numpy.all(alpha_v.grad[:3] == 0))

    def test_mode(self):
        scale, alpha = _params()
        testing.assert_allclose(Pareto(scale, alpha).mode.array, scale)

    def test_outside_support(self):
        dist = Pareto(numpy.full(2, 2.0), numpy.full(2, 3.0))
        x = numpy.array([1.0, 4.0])
        self.assertEqual(dist.log_prob(x).array[0], -numpy.inf)
        testing.assert_allclose(dist.cdf(x).array, [0.0, 1 - 0.5**3])
        testing.assert_allclose(dist.log_survival_function(x).array, [0.0, 3 * numpy.log(0.5)])

    def test_sample_reparameterized(self):
        scale, alpha = _params()
        gy = numpy.random.normal(size=(5, 3, 2))

        def f(scale, alpha):
            with _seeded(1):
                return Pareto(scale, alpha).sample(5)

        gradient_check.check_backward(f, (scale, alpha), gy)

    def test_sample_dtype_and_support(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            scale, alpha = _params(dtype=dtype)
            y = Pareto(scale, alpha).sample_n(1000)
            self.assertEqual(y.dtype, dtype)
            self.assertTrue(numpy.all(y.array >= scale))
            self.assertTrue(numpy.all(numpy.isfinite(y.array)))

    def test_kl_closed_form_matches_monte_carlo(self):
        scale1, alpha1 = _params()
        scale2 = scale1 * numpy.random.uniform(0.3, 1.0, (3, 2))
        _, alpha2 = _params()
        p, q = Pareto(scale1, alpha1), Pareto(scale2, alpha2)
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_infinite(self):
        p = Pareto(numpy.array([1.0, 2.0]), numpy.array([3.0, 3.0]))
        q = Pareto(numpy.array([1.5, 1.5]), numpy.array([2.0, 2.0]))
        kl = chainer.kl_divergence(p, q).array
        self.assertEqual(kl[0], numpy.inf)
        self.assertTrue(numpy.isfinite(kl[1]))

    def test_kl_backward(self):
        scale1, alpha1 = _params()
        scale2 = scale1 * numpy.random.uniform(0.3, 0.9, (3, 2))
        _, alpha2 = _params()
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(Pareto(a, b), Pareto(c, d)),
            (scale1, alpha1, scale2, alpha2),
            gy,
        )


class TestParetoErrors(unittest.TestCase):
    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="alpha"):
            Pareto(numpy.ones(2, numpy.float32), numpy.ones(2, numpy.int32))

    def test_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match=r"scale \(3,\).*alpha \(2,\)"):
            Pareto(numpy.ones(3, numpy.float32), numpy.ones(2, numpy.float32))
