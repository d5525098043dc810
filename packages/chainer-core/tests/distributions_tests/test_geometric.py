"""Tests of chainer.distributions.Geometric."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.geometric import Geometric
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _p(shape, dtype):
    return numpy.random.uniform(0.2, 0.9, shape).astype(dtype)


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _GeometricConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Geometric
        self.scipy_dist = stats.geom
        self.test_targets = {
            "batch_shape",
            "event_shape",
            "log_prob",
            "mean",
            "prob",
            "sample",
            "stddev",
            "support",
            "variance",
        }
        self.support = "positive integer"
        self.continuous = False
        p = _p(self.shape, self.dtype)
        self.params = {"p": p}
        self.scipy_params = {"p": p}

    def sample_for_test(self):
        return numpy.random.randint(1, 8, self.sample_shape + self.shape).astype(self.dtype)


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestGeometric(_GeometricConfig):
    __test__ = True


@testing.fix_random()
class TestGeometricMore(unittest.TestCase):
    def test_log_prob_outside_support(self):
        p = _p((4,), numpy.float64)
        lp = Geometric(p).log_prob(numpy.array([0, -1, 1.5, 3])).array
        numpy.testing.assert_array_equal(lp[:3], -numpy.inf)
        testing.assert_allclose(lp[3], stats.geom.logpmf(3, p[3]))

    def test_p_one(self):
        with numpy.errstate(divide="ignore"):
            lp = Geometric(numpy.array([1.0, 1.0])).log_prob(numpy.array([1, 2]))
        numpy.testing.assert_array_equal(lp.array, [0.0, -numpy.inf])

    def test_integer_points(self):
        p = _p((3,), numpy.float32)
        x = numpy.array([1, 2, 3])
        lp = Geometric(p).log_prob(x)
        self.assertEqual(lp.dtype, numpy.float32)
        testing.assert_allclose(lp.array, stats.geom.logpmf(x, p), rtol=1e-5)

    def test_sample_values(self):
        s = Geometric(_p((3, 2), numpy.float32)).sample((50,))
        self.assertEqual((s.shape, s.dtype), ((50, 3, 2), numpy.float32))
        self.assertTrue(numpy.all((s.array >= 1) & (s.array == numpy.floor(s.array))))

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            p = _p((3, 2), dtype)
            x = numpy.random.randint(1, 8, (4, 3, 2))
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda p, x=x: Geometric(p).log_prob(x),
                p,
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_kl(self):
        d1 = Geometric(_p((3, 2), numpy.float64))
        d2 = Geometric(_p((3, 2), numpy.float64))
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)

    def test_kl_backward(self):
        p1, p2 = _p((3,), numpy.float64), _p((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(Geometric(a), Geometric(b)), (p1, p2), gy, eps=1e-4
        )

    def test_errors(self):
        with pytest.raises(TypeError, match="p"):
            Geometric(numpy.array([1, 0]))
