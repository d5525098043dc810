"""Tests of chainer.distributions.Dirichlet."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.dirichlet import Dirichlet
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_K = 3

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _alpha(shape, dtype):
    return numpy.random.uniform(0.5, 3.0, shape + (_K,)).astype(dtype)


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _DirichletOracle:
    """``scipy.stats.dirichlet`` with the components on the last axis of ``x``.

    SciPy wants the components on the first axis of the points, and points
    that sum to 1 within 1e-9: the float32 points are renormalized in float64.
    """

    @staticmethod
    def _points(x):
        x = numpy.asarray(x, numpy.float64)
        return numpy.moveaxis(x / x.sum(axis=-1, keepdims=True), -1, 0)

    @classmethod
    def logpdf(cls, x, alpha):
        return stats.dirichlet.logpdf(cls._points(x), alpha)

    @classmethod
    def pdf(cls, x, alpha):
        return stats.dirichlet.pdf(cls._points(x), alpha)

    mean = staticmethod(stats.dirichlet.mean)
    var = staticmethod(stats.dirichlet.var)
    entropy = staticmethod(stats.dirichlet.entropy)

    @staticmethod
    def rvs(size, alpha):
        return stats.dirichlet.rvs(alpha, size=size)


class _DirichletConfig(distribution_unittest):
    __test__ = False
    scipy_onebyone = True
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Dirichlet
        self.scipy_dist = _DirichletOracle
        self.test_targets = {
            "batch_shape",
            "entropy",
            "event_shape",
            "log_prob",
            "mean",
            "prob",
            "sample",
            "support",
            "variance",
        }
        self.support = "[0, 1]"
        self.event_shape = (_K,)
        alpha = _alpha(self.shape, self.dtype)
        self.params = {"alpha": alpha}
        self.scipy_params = {"alpha": alpha}

    def sample_for_test(self):
        size = self.sample_shape + self.shape
        return numpy.random.dirichlet(numpy.ones(_K), size=size).astype(self.dtype)


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestDirichlet(_DirichletConfig):
    __test__ = True


@testing.fix_random()
class TestDirichletMore(unittest.TestCase):
    def test_alpha0(self):
        alpha = _alpha((2,), numpy.float64)
        d = Dirichlet(alpha)
        testing.assert_allclose(d.alpha0.array, alpha.sum(axis=-1))
        self.assertEqual((d.batch_shape, d.event_shape), ((2,), (_K,)))

    def test_negative_component(self):
        alpha = _alpha((), numpy.float64)
        lp = Dirichlet(alpha).log_prob(numpy.array([[-0.5, 1.0, 0.5], [0.2, 0.3, 0.5]])).array
        self.assertEqual(lp[0], -numpy.inf)
        testing.assert_allclose(lp[1], stats.dirichlet.logpdf([0.2, 0.3, 0.5], alpha))

    def test_sample_on_simplex(self):
        s = Dirichlet(_alpha((3, 2), numpy.float32)).sample((4,))
        self.assertEqual((s.shape, s.dtype), ((4, 3, 2, _K), numpy.float32))
        testing.assert_allclose(s.array.sum(axis=-1), numpy.ones((4, 3, 2)))

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            alpha = _alpha((3, 2), dtype)
            x = numpy.random.dirichlet(numpy.ones(_K), size=(4, 3, 2)).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda alpha, x=x: Dirichlet(alpha).log_prob(x),
                alpha,
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_entropy_backward(self):
        alpha = _alpha((2,), numpy.float64)
        gy = numpy.random.normal(size=(2,))
        gradient_check.check_backward(lambda alpha: Dirichlet(alpha).entropy, alpha, gy, eps=1e-4)

    def test_kl(self):
        d1 = Dirichlet(_alpha((3, 2), numpy.float64))
        d2 = Dirichlet(_alpha((3, 2), numpy.float64))
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)

    def test_kl_backward(self):
        a1, a2 = _alpha((2,), numpy.float64), _alpha((2,), numpy.float64)
        gy = numpy.random.normal(size=(2,))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(Dirichlet(a), Dirichlet(b)), (a1, a2), gy, eps=1e-4
        )

    def test_errors(self):
        with pytest.raises(TypeError, match="alpha"):
            Dirichlet(numpy.ones((2, 3), numpy.int32))
        with pytest.raises(ValueError, match="dimension"):
            Dirichlet(numpy.float32(1.0))
