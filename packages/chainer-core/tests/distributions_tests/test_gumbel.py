"""Tests of chainer.distributions.Gumbel."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.gumbel import Gumbel
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


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _GumbelConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Gumbel
        self.scipy_dist = stats.gumbel_r
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
        loc, scale = _loc_scale(self.shape, self.dtype)
        self.params = {"loc": loc, "scale": scale}
        self.scipy_params = {"loc": loc, "scale": scale}


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestGumbel(_GumbelConfig):
    __test__ = True


@testing.fix_random()
class TestGumbelMore(unittest.TestCase):
    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            loc, scale = _loc_scale((3, 2), dtype)
            x = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda loc, scale, x: Gumbel(loc, scale).log_prob(x),
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
            lambda loc, scale, x: Gumbel(loc, scale).cdf(x), (loc, scale, x), gy, eps=1e-4
        )
        gradient_check.check_backward(
            lambda loc, scale, q: Gumbel(loc, scale).icdf(q), (loc, scale, q), gy, eps=1e-4
        )

    def test_sample_backward(self):
        loc, scale = _loc_scale((3, 2), numpy.float64)
        gy = numpy.random.normal(size=(5, 3, 2))

        def sample(loc, scale):
            numpy.random.seed(1)  # the same noise at every evaluation
            return Gumbel(loc, scale).sample_n(5)

        gradient_check.check_backward(sample, (loc, scale), gy, eps=1e-4)

    def test_kl(self):
        d1 = Gumbel(*_loc_scale((3, 2), numpy.float64))
        d2 = Gumbel(*_loc_scale((3, 2), numpy.float64))
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)
        testing.assert_allclose(chainer.kl_divergence(d1, d1).array, numpy.zeros((3, 2)))

    def test_kl_backward(self):
        l1, s1 = _loc_scale((3,), numpy.float64)
        l2, s2 = _loc_scale((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda l1, s1, l2, s2: chainer.kl_divergence(Gumbel(l1, s1), Gumbel(l2, s2)),
            (l1, s1, l2, s2),
            gy,
            eps=1e-4,
        )

    def test_errors(self):
        loc = numpy.zeros((3,), numpy.float32)
        with pytest.raises(TypeError, match="scale"):
            Gumbel(loc, numpy.ones((3,), numpy.int32))
        with pytest.raises(TypeError, match="dtype"):
            Gumbel(loc, loc.astype(numpy.float16))
        with pytest.raises(ValueError, match="broadcast"):
            Gumbel(loc, numpy.ones((4,), numpy.float32))
