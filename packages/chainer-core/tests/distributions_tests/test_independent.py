"""Tests of chainer.distributions.Independent."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.independent import Independent
from chainer.distributions.multivariate_normal import MultivariateNormal
from chainer.distributions.normal import Normal
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")
linalg = pytest.importorskip("scipy.linalg")

_TARGETS = {
    "batch_shape",
    "cdf",
    "entropy",
    "event_shape",
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


def _normal_params(shape, dtype=numpy.float64):
    loc = numpy.random.uniform(-1, 1, shape).astype(dtype)
    scale = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)
    return loc, scale


def _mvn_params(shape, d=3, dtype=numpy.float64):
    loc = numpy.random.uniform(-1, 1, shape + (d,)).astype(dtype)
    tril = numpy.tril(numpy.random.uniform(-0.5, 0.5, shape + (d, d)))
    diag = numpy.arange(d)
    tril[..., diag, diag] = numpy.random.uniform(0.5, 1.5, shape + (d,))
    return loc, tril.astype(dtype)


def _independent_normal(loc, scale, reinterpreted_batch_ndims=None):
    return Independent(Normal(loc, scale), reinterpreted_batch_ndims)


class _IndependentNormalOracle:
    """SciPy's normal distribution with its last ``ndims`` axes taken as one event."""

    def __init__(self, ndims):
        self.ndims = ndims

    def _reduce(self, op, value):
        return op(value, axis=tuple(range(-self.ndims, 0))) if self.ndims else value

    def logpdf(self, x, loc, scale):
        return self._reduce(numpy.sum, stats.norm.logpdf(x, loc, scale))

    def pdf(self, x, loc, scale):
        return self._reduce(numpy.prod, stats.norm.pdf(x, loc, scale))

    def cdf(self, x, loc, scale):
        return self._reduce(numpy.prod, stats.norm.cdf(x, loc, scale))

    def logcdf(self, x, loc, scale):
        return self._reduce(numpy.sum, stats.norm.logcdf(x, loc, scale))

    def sf(self, x, loc, scale):
        return self._reduce(numpy.prod, stats.norm.sf(x, loc, scale))

    def logsf(self, x, loc, scale):
        return self._reduce(numpy.sum, stats.norm.logsf(x, loc, scale))

    def entropy(self, loc, scale):
        return self._reduce(numpy.sum, stats.norm.entropy(loc, scale))

    def mean(self, loc, scale):
        return stats.norm.mean(loc, scale)

    def var(self, loc, scale):
        return stats.norm.var(loc, scale)

    def std(self, loc, scale):
        return stats.norm.std(loc, scale)

    def rvs(self, size, loc, scale):
        event = loc.shape[loc.ndim - self.ndims :]
        return stats.norm.rvs(loc, scale, size=tuple(size) + event)


class _IndependentConfig(distribution_unittest):
    __test__ = False
    sample_size = 10000

    def setUp_configure(self):
        ndims = len(self.event_shape)
        self.dist = _independent_normal
        self.scipy_dist = _IndependentNormalOracle(ndims)
        self.test_targets = set(_TARGETS)
        self.options = {"reinterpreted_batch_ndims": self.reinterpreted}
        loc, scale = _normal_params(self.shape + self.event_shape, self.dtype)
        self.params = {"loc": loc, "scale": scale}
        self.scipy_params = {"loc": loc, "scale": scale}


@testing.parameterize(
    {
        "shape": (3, 2),
        "event_shape": (4,),
        "reinterpreted": 1,
        "sample_shape": (3, 2),
        "dtype": numpy.float32,
    },
    {
        "shape": (),
        "event_shape": (2, 3),
        "reinterpreted": 2,
        "sample_shape": (),
        "dtype": numpy.float64,
        "is_variable": True,
    },
    {
        "shape": (3,),
        "event_shape": (4,),
        "reinterpreted": None,
        "sample_shape": (2,),
        "dtype": numpy.float64,
    },
    {
        "shape": (3, 2),
        "event_shape": (),
        "reinterpreted": 0,
        "sample_shape": (),
        "dtype": numpy.float32,
        "is_variable": True,
    },
)
@testing.fix_random()
class TestIndependent(_IndependentConfig):
    __test__ = True


@testing.fix_random()
class TestIndependentMore(unittest.TestCase):
    def test_shapes_and_members(self):
        base = Normal(*_normal_params((2, 3, 4)))
        for ndims, batch, event in (
            (None, (2,), (3, 4)),
            (0, (2, 3, 4), ()),
            (1, (2, 3), (4,)),
            (3, (), (2, 3, 4)),
        ):
            with self.subTest(ndims=ndims):
                dist = Independent(base, ndims)
                self.assertEqual(dist.batch_shape, batch)
                self.assertEqual(dist.event_shape, event)
                self.assertIs(dist.distribution, base)
                self.assertEqual(dist.reinterpreted_batch_ndims, len(event))
                self.assertEqual(dist.params, base.params)
                self.assertEqual(dist.support, "real")
                self.assertIs(dist.xp, numpy)
                self.assertEqual(dist.sample(5).shape, (5, 2, 3, 4))
        self.assertEqual(Independent(Normal(numpy.zeros(()), numpy.ones(()))).event_shape, ())

    def test_mode(self):
        loc, scale = _normal_params((3, 2))
        testing.assert_allclose(Independent(Normal(loc, scale)).mode.array, loc)

    def test_covariance_univariate_base(self):
        loc, scale = _normal_params((2, 3, 2))
        cov = Independent(Normal(loc, scale), 2).covariance.array
        self.assertEqual(cov.shape, (2, 3, 2, 3, 2))
        for b in range(2):
            expected = numpy.diag(scale[b].ravel() ** 2)
            testing.assert_allclose(cov[b].reshape(6, 6), expected)

    def test_over_multivariate_normal(self):
        loc, tril = _mvn_params((2, 4))
        base = MultivariateNormal(loc, scale_tril=tril)
        dist = Independent(base, 1)
        self.assertEqual(dist.batch_shape, (2,))
        self.assertEqual(dist.event_shape, (4, 3))
        x = numpy.random.normal(size=(5, 2, 4, 3))
        testing.assert_allclose(dist.log_prob(x).array, base.log_prob(x).array.sum(axis=-1))
        testing.assert_allclose(dist.entropy.array, base.entropy.array.sum(axis=-1))
        cov = dist.covariance.array
        self.assertEqual(cov.shape, (2, 4, 3, 4, 3))
        covs = numpy.einsum("...ij,...kj->...ik", tril, tril)
        for b in range(2):
            testing.assert_allclose(cov[b].reshape(12, 12), linalg.block_diag(*covs[b]))
        self.assertEqual(dist.sample(6).shape, (6, 2, 4, 3))

    def test_log_prob_backward(self):
        loc, scale = _normal_params((3, 4))
        x = loc + scale * numpy.random.uniform(-2, 2, (2, 3, 4))
        gy = numpy.random.normal(size=(2, 3))
        gradient_check.check_backward(
            lambda loc, scale: Independent(Normal(loc, scale)).log_prob(x), (loc, scale), gy
        )

    def test_sample_reparameterized(self):
        loc, scale = _normal_params((3, 4))
        gy = numpy.random.normal(size=(5, 3, 4))

        def f(loc, scale):
            with _seeded(1):
                return Independent(Normal(loc, scale)).sample(5)

        gradient_check.check_backward(f, (loc, scale), gy)

    def test_icdf(self):
        loc, scale = _normal_params((3, 4))
        with pytest.raises(NotImplementedError, match="icdf"):
            Independent(Normal(loc, scale), 1).icdf(numpy.full((3, 4), 0.5))
        testing.assert_allclose(
            Independent(Normal(loc, scale), 0).icdf(numpy.full((3, 4), 0.5)).array, loc
        )

    def test_kl_matches_sum_and_monte_carlo(self):
        (loc1, scale1), (loc2, scale2) = _normal_params((3, 4)), _normal_params((3, 4))
        p = Independent(Normal(loc1, scale1), 1)
        q = Independent(Normal(loc2, scale2), 1)
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3,))
        base = chainer.kl_divergence(Normal(loc1, scale1), Normal(loc2, scale2))
        testing.assert_allclose(kl.array, base.array.sum(axis=-1))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_over_multivariate_normal(self):
        (loc1, tril1), (loc2, tril2) = _mvn_params((2, 4)), _mvn_params((2, 4))
        p = Independent(MultivariateNormal(loc1, scale_tril=tril1), 2)
        q = Independent(MultivariateNormal(loc2, scale_tril=tril2), 2)
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, ())
        mean, se = _kl_monte_carlo(p, q, 30000)
        assert abs(float(kl.array) - mean) <= 5 * se + 1e-6, (kl.array, mean, se)

    def test_kl_backward(self):
        (loc1, scale1), (loc2, scale2) = _normal_params((3, 4)), _normal_params((3, 4))
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(
                Independent(Normal(a, b)), Independent(Normal(c, d))
            ),
            (loc1, scale1, loc2, scale2),
            gy,
        )

    def test_kl_different_event_shapes(self):
        base = Normal(*_normal_params((3, 4)))
        with pytest.raises(ValueError, match="event shapes"):
            chainer.kl_divergence(Independent(base, 1), Independent(base, 2))

    def test_kl_different_splits(self):
        normal = Normal(*_normal_params((2, 3)))
        loc, tril = _mvn_params((2,))
        mvn = MultivariateNormal(loc, scale_tril=tril)
        # both have the joint event shape (3,): reinterpreted Normal vs. MultivariateNormal
        with pytest.raises(NotImplementedError, match="event shapes"):
            chainer.kl_divergence(Independent(normal, 1), Independent(mvn, 0))


class TestIndependentErrors(unittest.TestCase):
    def setUp(self):
        self.base = Normal(numpy.zeros((2, 3), numpy.float32), numpy.ones((2, 3), numpy.float32))

    def test_too_many_axes(self):
        with pytest.raises(ValueError, match="reinterpreted_batch_ndims.*got 3"):
            Independent(self.base, 3)

    def test_negative(self):
        with pytest.raises(ValueError, match="reinterpreted_batch_ndims"):
            Independent(self.base, -1)

    def test_not_an_int(self):
        with pytest.raises(TypeError, match="reinterpreted_batch_ndims"):
            Independent(self.base, 1.0)

    def test_not_a_distribution(self):
        with pytest.raises(TypeError, match="chainer.Distribution"):
            Independent(numpy.zeros(3))
