"""Tests of chainer.distributions.MultivariateNormal."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.multivariate_normal import MultivariateNormal
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_D = 3

_TARGETS = {
    "batch_shape",
    "entropy",
    "event_shape",
    "log_prob",
    "prob",
    "sample",
    "support",
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


def _params(shape=(3, 2), dtype=numpy.float64, d=_D):
    loc = numpy.random.uniform(-1, 1, shape + (d,)).astype(dtype)
    tril = numpy.tril(numpy.random.uniform(-0.5, 0.5, shape + (d, d)))
    diag = numpy.arange(d)
    tril[..., diag, diag] = numpy.random.uniform(0.5, 1.5, shape + (d,))
    return loc, tril.astype(dtype)


def _cov(tril):
    return numpy.einsum("...ij,...kj->...ik", tril, tril)


class _MultivariateNormalConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = MultivariateNormal
        self.scipy_dist = stats.multivariate_normal
        self.test_targets = set(_TARGETS)
        self.event_shape = (_D,)
        self.scipy_onebyone = True
        loc, tril = _params(self.shape, self.dtype)
        self.params = {"loc": loc, "scale_tril": tril}
        self.scipy_params = {"mean": loc, "cov": _cov(tril.astype(numpy.float64))}


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
)
@testing.fix_random()
class TestMultivariateNormal(_MultivariateNormalConfig):
    __test__ = True


@testing.fix_random()
class TestMultivariateNormalMore(unittest.TestCase):
    def test_moments(self):
        loc, tril = _params()
        dist = MultivariateNormal(loc, scale_tril=tril)
        testing.assert_allclose(dist.mean.array, loc)
        testing.assert_allclose(dist.mode.array, loc)
        cov = _cov(tril)
        testing.assert_allclose(dist.covariance.array, cov)
        testing.assert_allclose(dist.variance.array, numpy.diagonal(cov, axis1=-2, axis2=-1))
        testing.assert_allclose(
            dist.stddev.array, numpy.sqrt(numpy.diagonal(cov, axis1=-2, axis2=-1))
        )
        self.assertEqual(dist.d, _D)

    def test_upper_triangle_is_ignored(self):
        loc, tril = _params()
        full = tril + numpy.triu(numpy.random.normal(size=tril.shape), 1)
        x = numpy.random.normal(size=(4, 3, 2, _D))
        a = MultivariateNormal(loc, scale_tril=tril)
        b = MultivariateNormal(loc, scale_tril=full)
        testing.assert_allclose(a.log_prob(x).array, b.log_prob(x).array)
        testing.assert_allclose(a.covariance.array, b.covariance.array)
        full_v = chainer.Variable(full)
        chainer.functions.sum(MultivariateNormal(loc, scale_tril=full_v).log_prob(x)).backward()
        self.assertTrue(numpy.all(numpy.triu(full_v.grad, 1) == 0))

    def test_log_prob_backward(self):
        loc, tril = _params()
        x = numpy.random.normal(size=(4, 3, 2, _D))
        gy = numpy.random.normal(size=(4, 3, 2))
        gradient_check.check_backward(
            lambda loc, tril: MultivariateNormal(loc, scale_tril=tril).log_prob(x),
            (loc, tril),
            gy,
        )

    def test_entropy_and_covariance_backward(self):
        loc, tril = _params(shape=(2,))
        for name, gshape in (("entropy", (2,)), ("covariance", (2, _D, _D))):
            with self.subTest(name=name):
                gy = numpy.random.normal(size=gshape)
                gradient_check.check_backward(
                    lambda loc, tril, name=name: getattr(
                        MultivariateNormal(loc, scale_tril=tril), name
                    ),
                    (loc, tril),
                    gy,
                )

    def test_sample_reparameterized(self):
        loc, tril = _params()
        gy = numpy.random.normal(size=(5, 3, 2, _D))

        def f(loc, tril):
            with _seeded(1):
                return MultivariateNormal(loc, scale_tril=tril).sample(5)

        gradient_check.check_backward(f, (loc, tril), gy)

    def test_sample_covariance(self):
        loc, tril = _params(shape=())
        y = MultivariateNormal(loc, scale_tril=tril).sample_n(40000).array
        testing.assert_allclose(numpy.cov(y, rowvar=False), _cov(tril), atol=0.05, rtol=0.05)

    def test_sample_dtype(self):
        for dtype in (numpy.float32, numpy.float64):
            loc, tril = _params(dtype=dtype)
            y = MultivariateNormal(loc, scale_tril=tril).sample_n(3)
            self.assertEqual(y.dtype, dtype)
            self.assertEqual(y.shape, (3, 3, 2, _D))

    def test_broadcast_batch(self):
        loc, _ = _params(shape=(3, 1))
        _, tril = _params(shape=(2,))
        dist = MultivariateNormal(loc, scale_tril=tril)
        self.assertEqual(dist.batch_shape, (3, 2))
        self.assertEqual(dist.event_shape, (_D,))
        self.assertEqual(dist.log_prob(numpy.zeros((4, 3, 2, _D))).shape, (4, 3, 2))

    def test_kl_closed_form_matches_monte_carlo(self):
        (loc1, tril1), (loc2, tril2) = _params(), _params()
        p = MultivariateNormal(loc1, scale_tril=tril1)
        q = MultivariateNormal(loc2, scale_tril=tril2)
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_of_itself_is_zero(self):
        loc, tril = _params()
        p = MultivariateNormal(loc, scale_tril=tril)
        testing.assert_allclose(chainer.kl_divergence(p, p).array, numpy.zeros((3, 2)))

    def test_kl_backward(self):
        (loc1, tril1), (loc2, tril2) = _params(shape=(2,)), _params(shape=(2,))
        gy = numpy.random.normal(size=(2,))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(
                MultivariateNormal(a, scale_tril=b), MultivariateNormal(c, scale_tril=d)
            ),
            (loc1, tril1, loc2, tril2),
            gy,
        )

    def test_kl_different_dimensions(self):
        (loc1, tril1), (loc2, tril2) = _params(d=2), _params(d=3)
        p = MultivariateNormal(loc1, scale_tril=tril1)
        q = MultivariateNormal(loc2, scale_tril=tril2)
        with pytest.raises(ValueError, match="event shapes"):
            chainer.kl_divergence(p, q)


class TestMultivariateNormalErrors(unittest.TestCase):
    def test_missing_scale_tril(self):
        with pytest.raises(ValueError, match="scale_tril"):
            MultivariateNormal(numpy.zeros(3, numpy.float32))

    def test_unknown_keyword(self):
        with pytest.raises(TypeError, match="scale"):
            MultivariateNormal(numpy.zeros(3, numpy.float32), scale=numpy.eye(3))

    def test_wrong_matrix_shape(self):
        with pytest.raises(ValueError, match="scale_tril"):
            MultivariateNormal(
                numpy.zeros(3, numpy.float32), scale_tril=numpy.eye(2, dtype=numpy.float32)
            )

    def test_scalar_loc(self):
        with pytest.raises(ValueError, match="loc"):
            MultivariateNormal(
                numpy.zeros((), numpy.float32), scale_tril=numpy.eye(1, dtype=numpy.float32)
            )

    def test_batch_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match="broadcast"):
            MultivariateNormal(
                numpy.zeros((2, 3), numpy.float32),
                scale_tril=numpy.broadcast_to(numpy.eye(3, dtype=numpy.float32), (4, 3, 3)),
            )

    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="scale_tril"):
            MultivariateNormal(numpy.zeros(3, numpy.float32), scale_tril=numpy.eye(3, dtype=int))

    def test_log_prob_wrong_event_size(self):
        dist = MultivariateNormal(
            numpy.zeros(3, numpy.float32), scale_tril=numpy.eye(3, dtype=numpy.float32)
        )
        with pytest.raises(ValueError, match="d = 3"):
            dist.log_prob(numpy.zeros(2, numpy.float32))
