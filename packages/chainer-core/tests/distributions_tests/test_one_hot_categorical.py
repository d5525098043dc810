"""Tests of chainer.distributions.OneHotCategorical."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.one_hot_categorical import OneHotCategorical
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_K = 4

_TARGETS = {
    "batch_shape",
    "entropy",
    "event_shape",
    "log_prob",
    "mean",
    "prob",
    "sample",
    "support",
}


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


def _probabilities(shape=(3, 2), dtype=numpy.float64, k=_K):
    p = numpy.random.uniform(0.1, 1.0, shape + (k,))
    return (p / p.sum(axis=-1, keepdims=True)).astype(dtype)


def _one_hot(index, k=_K, dtype=numpy.float64):
    return numpy.eye(k, dtype=dtype)[index]


class _OneHotCategoricalConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = OneHotCategorical
        self.scipy_dist = stats.multinomial
        self.test_targets = set(_TARGETS)
        self.support = "one-hot"
        self.event_shape = (_K,)
        self.continuous = False
        self.scipy_onebyone = True
        p = _probabilities(self.shape, self.dtype)
        self.params = {"p": p}
        # SciPy wants rows that sum to 1 in float64
        p64 = p.astype(numpy.float64)
        self.scipy_params = {"n": 1, "p": p64 / p64.sum(axis=-1, keepdims=True)}

    def sample_for_test(self):
        index = numpy.random.randint(0, _K, self.sample_shape + self.shape)
        return _one_hot(index, dtype=self.dtype)


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
)
@testing.fix_random()
class TestOneHotCategorical(_OneHotCategoricalConfig):
    __test__ = True


@testing.fix_random()
class TestOneHotCategoricalMore(unittest.TestCase):
    def test_moments(self):
        p = _probabilities()
        dist = OneHotCategorical(p)
        testing.assert_allclose(dist.variance.array, p * (1 - p))
        testing.assert_allclose(dist.stddev.array, numpy.sqrt(p * (1 - p)))
        expected = numpy.stack([stats.multinomial.cov(1, q) for q in p.reshape(-1, _K)])
        testing.assert_allclose(dist.covariance.array, expected.reshape(3, 2, _K, _K))
        testing.assert_allclose(dist.mode.array, _one_hot(p.argmax(axis=-1)))

    def test_log_prob_backward(self):
        p = _probabilities()
        x = _one_hot(numpy.random.randint(0, _K, (4, 3, 2)))
        gy = numpy.random.normal(size=(4, 3, 2))
        gradient_check.check_backward(lambda p: OneHotCategorical(p).log_prob(x), p, gy)

    def test_properties_backward(self):
        p = _probabilities()
        for name, shape in (("entropy", (3, 2)), ("covariance", (3, 2, _K, _K))):
            with self.subTest(name=name):
                gy = numpy.random.normal(size=shape)
                gradient_check.check_backward(
                    lambda p, name=name: getattr(OneHotCategorical(p), name), p, gy
                )

    def test_zero_probabilities(self):
        p = numpy.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])
        p_v = chainer.Variable(p)
        dist = OneHotCategorical(p_v)
        x = numpy.array([[[1.0, 0, 0], [0, 1.0, 0]], [[0, 0, 1.0], [1.0, 0, 0]]])
        logp = dist.log_prob(x)
        testing.assert_allclose(logp.array[0], [numpy.log(0.5), 0.0])
        self.assertTrue(numpy.all(logp.array[1] == -numpy.inf))
        testing.assert_allclose(dist.entropy.array, [numpy.log(2), 0.0])
        chainer.functions.sum(dist.entropy + dist.log_prob(x[0])).backward()
        self.assertTrue(numpy.all(numpy.isfinite(p_v.grad)))
        log_p = dist.log_p.array
        self.assertEqual(log_p[0, 2], -numpy.inf)
        y = dist.sample_n(500).array
        self.assertTrue(numpy.all(y[:, 0, 2] == 0))
        self.assertTrue(numpy.all(y[:, 1, 1] == 1))

    def test_sample(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            p = _probabilities(dtype=dtype)
            y = OneHotCategorical(p).sample_n(20000).array
            self.assertEqual(y.dtype, dtype)
            self.assertEqual(y.shape, (20000, 3, 2, _K))
            self.assertTrue(numpy.all(y.sum(axis=-1) == 1))
            testing.assert_allclose(y.astype(numpy.float64).mean(axis=0), p, atol=0.02, rtol=0)

    def test_kl_closed_form_matches_monte_carlo(self):
        p, q = OneHotCategorical(_probabilities()), OneHotCategorical(_probabilities())
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)

    def test_kl_zero_probabilities(self):
        p = OneHotCategorical(numpy.array([[0.5, 0.5, 0.0], [0.5, 0.5, 0.0]]))
        q = OneHotCategorical(numpy.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]))
        kl = chainer.kl_divergence(p, q).array
        testing.assert_allclose(kl[0], 0.5 * numpy.log(0.5 / 0.2) + 0.5 * numpy.log(0.5 / 0.3))
        self.assertEqual(kl[1], numpy.inf)

    def test_kl_backward(self):
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(OneHotCategorical(a), OneHotCategorical(b)),
            (_probabilities(), _probabilities()),
            gy,
        )


class TestOneHotCategoricalErrors(unittest.TestCase):
    def test_scalar(self):
        with pytest.raises(ValueError, match="p must have at least 1 dimension"):
            OneHotCategorical(numpy.array(0.5, numpy.float32))

    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="p must be a floating-point"):
            OneHotCategorical(numpy.array([0, 1]))

    def test_log_prob_wrong_event_size(self):
        dist = OneHotCategorical(numpy.full(3, 1 / 3, numpy.float32))
        with pytest.raises(ValueError, match="K = 3"):
            dist.log_prob(numpy.zeros(4, numpy.float32))
