"""Tests of chainer.distributions.Bernoulli."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.bernoulli import Bernoulli
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_TARGETS = {
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


def _probabilities(shape, dtype):
    return numpy.random.uniform(0.1, 0.9, shape).astype(dtype)


class _BernoulliConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Bernoulli
        self.scipy_dist = stats.bernoulli
        self.test_targets = set(_TARGETS)
        self.support = "{0, 1}"
        self.continuous = False
        p = _probabilities(self.shape, self.dtype)
        if self.param == "p":
            self.params = {"p": p}
        else:
            self.params = {"logit": (numpy.log(p) - numpy.log1p(-p)).astype(self.dtype)}
        self.scipy_params = {"p": p}
        self.options = {"binary_check": self.binary_check}

    def sample_for_test(self):
        size = self.sample_shape + self.shape
        return numpy.random.randint(0, 2, size).astype(self.dtype)


@testing.parameterize(
    *testing.product_dict(
        [
            {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
            {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
            {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
            {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
        ],
        [{"param": "p", "binary_check": False}, {"param": "logit", "binary_check": True}],
    )
)
@testing.fix_random()
class TestBernoulli(_BernoulliConfig):
    __test__ = True


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


@testing.fix_random()
class TestBernoulliMore(unittest.TestCase):
    def test_p_and_logit_agree(self):
        p = _probabilities((4,), numpy.float64)
        d1 = Bernoulli(p=p)
        d2 = Bernoulli(logit=numpy.log(p) - numpy.log1p(-p))
        testing.assert_allclose(d1.logit.array, d2.logit.array)
        testing.assert_allclose(d1.p.array, d2.p.array)
        x = numpy.array([0, 1, 1, 0])
        testing.assert_allclose(d1.log_prob(x).array, d2.log_prob(x).array)
        self.assertEqual(set(d2.params), {"logit"})

    def test_extreme_p(self):
        p = numpy.array([0.0, 1.0, 0.0, 1.0], numpy.float32)
        d = Bernoulli(p=p)
        with numpy.errstate(divide="ignore", invalid="ignore"):
            lp = d.log_prob(numpy.array([0, 1, 1, 0])).array
            entropy = d.entropy.array
        numpy.testing.assert_array_equal(lp, [0, 0, -numpy.inf, -numpy.inf])
        numpy.testing.assert_array_equal(entropy, [0, 0, 0, 0])
        logit = numpy.array([-numpy.inf, numpy.inf], numpy.float32)
        lp = Bernoulli(logit=logit).log_prob(numpy.array([0, 1])).array
        numpy.testing.assert_array_equal(lp, [0, 0])

    def test_binary_check(self):
        p = numpy.full((3,), 0.3, numpy.float32)
        x = numpy.array([0.5, 1.0, 2.0], numpy.float32)
        checked = Bernoulli(p=p, binary_check=True)
        numpy.testing.assert_array_equal(checked.log_prob(x).array[[0, 2]], -numpy.inf)
        numpy.testing.assert_array_equal(checked.prob(x).array[[0, 2]], 0)
        # Without the check, the relaxation x log p + (1 - x) log(1 - p).
        relaxed = Bernoulli(p=p).log_prob(x).array
        expected = x * numpy.log(p) + (1 - x) * numpy.log1p(-p)
        testing.assert_allclose(relaxed, expected)

    def test_sample_dtype_and_values(self):
        s = Bernoulli(p=_probabilities((2, 3), numpy.float64)).sample((5,))
        self.assertEqual(s.shape, (5, 2, 3))
        self.assertEqual(s.dtype, numpy.float64)
        self.assertTrue(numpy.all((s.array == 0) | (s.array == 1)))

    def test_log_prob_backward(self):
        for name, dtype in (("p", numpy.float64), ("logit", numpy.float32)):
            p = _probabilities((3, 2), dtype)
            value = p if name == "p" else numpy.log(p / (1 - p)).astype(dtype)
            x = numpy.random.randint(0, 2, (4, 3, 2))
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda v, name=name, x=x: Bernoulli(**{name: v}).log_prob(x),
                value,
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_entropy_backward(self):
        p = _probabilities((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(lambda v: Bernoulli(p=v).entropy, p, gy, eps=1e-4)
        gradient_check.check_backward(lambda v: Bernoulli(logit=v).entropy, p - 0.5, gy, eps=1e-4)

    def test_kl(self):
        p1 = _probabilities((3, 2), numpy.float64)
        p2 = _probabilities((3, 2), numpy.float64)
        d1, d2 = Bernoulli(p=p1), Bernoulli(logit=numpy.log(p2 / (1 - p2)))
        kl = chainer.kl_divergence(d1, d2).array
        expected = p1 * numpy.log(p1 / p2) + (1 - p1) * numpy.log((1 - p1) / (1 - p2))
        testing.assert_allclose(kl, expected)
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)

    def test_kl_backward(self):
        p1 = _probabilities((3,), numpy.float64)
        p2 = _probabilities((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(Bernoulli(p=a), Bernoulli(p=b)),
            (p1, p2),
            gy,
            eps=1e-4,
        )

    def test_errors(self):
        p = numpy.full((2,), 0.5, numpy.float32)
        with pytest.raises(ValueError, match="either"):
            Bernoulli()
        with pytest.raises(ValueError, match="either"):
            Bernoulli(p=p, logit=p)
        with pytest.raises(TypeError, match="p"):
            Bernoulli(p=numpy.array([0, 1]))
        with pytest.raises(TypeError, match="logit"):
            Bernoulli(logit="0.5")
