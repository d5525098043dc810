"""Tests of chainer.distributions.Categorical."""

import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.categorical import Categorical
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_K = 4


def _probabilities(shape, dtype):
    return numpy.random.dirichlet(numpy.ones(_K), size=shape).astype(dtype)


def _kl_monte_carlo(dist1, dist2, n):
    """Mean and standard error of log p(x) - log q(x) over n draws of dist1."""
    x = dist1.sample_n(n)
    ratio = (dist1.log_prob(x) - dist2.log_prob(x)).array.astype(numpy.float64)
    return ratio.mean(axis=0), ratio.std(axis=0) / numpy.sqrt(n)


class _CategoricalOracle:
    """SciPy has no categorical distribution: this stands in, with SciPy's method names.

    It is used one batch element at a time (``scipy_onebyone``), so ``p``
    has the shape ``(K,)``.
    """

    @staticmethod
    def logpmf(x, p):
        return numpy.log(numpy.asarray(p, numpy.float64)[numpy.asarray(x, numpy.int64)])

    @classmethod
    def pmf(cls, x, p):
        return numpy.exp(cls.logpmf(x, p))

    @staticmethod
    def entropy(p):
        return stats.entropy(numpy.asarray(p, numpy.float64))

    @staticmethod
    def rvs(size, p):
        p = numpy.asarray(p, numpy.float64)
        return numpy.random.choice(len(p), size=size, p=p / p.sum())


class _CategoricalConfig(distribution_unittest):
    __test__ = False
    scipy_onebyone = True
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Categorical
        self.scipy_dist = _CategoricalOracle
        self.test_targets = {"batch_shape", "entropy", "event_shape", "log_prob", "prob", "sample"}
        self.continuous = False
        p = _probabilities(self.shape, self.dtype)
        if self.param == "p":
            self.params = {"p": p}
        else:
            self.params = {"logit": (numpy.log(p) + 1.5).astype(self.dtype)}
        self.scipy_params = {"p": p}

    def sample_for_test(self):
        return numpy.random.randint(0, _K, self.sample_shape + self.shape)


@testing.parameterize(
    *testing.product_dict(
        [
            {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
            {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
            {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
            {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
        ],
        [{"param": "p"}, {"param": "logit"}],
    )
)
@testing.fix_random()
class TestCategorical(_CategoricalConfig):
    __test__ = True


@testing.fix_random()
class TestCategoricalMore(unittest.TestCase):
    def test_log_prob_outside_support(self):
        p = _probabilities((4,), numpy.float32)
        lp = Categorical(p).log_prob(numpy.array([-1, _K, 1.5, 2])).array
        numpy.testing.assert_array_equal(lp[:3], -numpy.inf)
        testing.assert_allclose(lp[3], numpy.log(p[3, 2]))

    def test_sample(self):
        p = numpy.array([[0.0, 1.0, 0.0, 0.0], [0.5, 0.0, 0.0, 0.5]], numpy.float32)
        s = Categorical(p).sample((1000,)).array
        self.assertEqual(s.shape, (1000, 2))
        self.assertEqual(s.dtype, numpy.int32)
        numpy.testing.assert_array_equal(s[:, 0], 1)
        self.assertTrue(numpy.all((s[:, 1] == 0) | (s[:, 1] == 3)))

    def test_zero_probabilities(self):
        p = numpy.array([0.0, 0.25, 0.75], numpy.float64)
        d = Categorical(p)
        with numpy.errstate(divide="ignore"):
            testing.assert_allclose(d.entropy.array, stats.entropy(p))
            q = Categorical(numpy.array([0.2, 0.3, 0.5]))
            kl = chainer.kl_divergence(d, q).array
        testing.assert_allclose(kl, numpy.sum(p[1:] * numpy.log(p[1:] / [0.3, 0.5])))

    def test_log_prob_backward(self):
        for name, dtype in (("p", numpy.float64), ("logit", numpy.float32)):
            # Away from 0, where the numerical derivative of log p is poor.
            p = numpy.random.uniform(0.5, 1.0, (3, 2, _K))
            p = (p / p.sum(axis=-1, keepdims=True)).astype(dtype)
            value = p if name == "p" else numpy.log(p)
            x = numpy.random.randint(0, _K, (5, 3, 2))
            gy = numpy.random.normal(size=(5, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda v, name=name, x=x: Categorical(**{name: v}).log_prob(x),
                value,
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_entropy_backward(self):
        logit = numpy.random.normal(size=(3, _K))
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(lambda v: Categorical(logit=v).entropy, logit, gy, eps=1e-4)

    def test_kl(self):
        d1 = Categorical(_probabilities((3, 2), numpy.float64))
        d2 = Categorical(logit=numpy.random.normal(size=(3, 2, _K)))
        kl = chainer.kl_divergence(d1, d2).array
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(d1, d2, 50000)
        assert numpy.all(numpy.abs(kl - mean) <= 5 * se + 1e-6), (kl, mean, se)

    def test_kl_backward(self):
        l1 = numpy.random.normal(size=(3, _K))
        l2 = numpy.random.normal(size=(3, _K))
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(
            lambda a, b: chainer.kl_divergence(Categorical(logit=a), Categorical(logit=b)),
            (l1, l2),
            gy,
            eps=1e-4,
        )

    def test_errors(self):
        p = numpy.full((2, 3), 1 / 3, numpy.float32)
        with pytest.raises(ValueError, match="either"):
            Categorical()
        with pytest.raises(ValueError, match="either"):
            Categorical(p, logit=p)
        with pytest.raises(TypeError, match="unexpected"):
            Categorical(p, logits=p)
        with pytest.raises(TypeError, match="p"):
            Categorical(numpy.ones((2, 3), numpy.int64))
        with pytest.raises(ValueError, match="dimension"):
            Categorical(logit=numpy.float32(0.5))
