"""Tests of chainer.distributions.Chisquare."""

import unittest

import numpy
import pytest

from chainer import gradient_check, testing
from chainer.distributions.chisquare import Chisquare
from chainer.testing.distribution_test import distribution_unittest

stats = pytest.importorskip("scipy.stats")

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


def _k(shape, dtype):
    return numpy.random.uniform(1.0, 6.0, shape).astype(dtype)


class _ChisquareConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Chisquare
        self.scipy_dist = stats.chi2
        self.test_targets = {
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
        self.support = "positive"
        k = _k(self.shape, self.dtype)
        self.params = {"k": k}
        self.scipy_params = {"df": k}


@testing.parameterize(*_CASES)
@testing.fix_random()
class TestChisquare(_ChisquareConfig):
    __test__ = True


@testing.fix_random()
class TestChisquareMore(unittest.TestCase):
    def test_log_prob_outside_support(self):
        k = _k((2,), numpy.float64)
        lp = Chisquare(k).log_prob(numpy.array([-1.0, 2.0])).array
        self.assertEqual(lp[0], -numpy.inf)
        testing.assert_allclose(lp[1], stats.chi2.logpdf(2.0, k[1]))

    def test_sample_dtype(self):
        s = Chisquare(_k((2, 3), numpy.float32)).sample((4,))
        self.assertEqual((s.shape, s.dtype), ((4, 2, 3), numpy.float32))

    def test_log_prob_backward(self):
        for dtype in (numpy.float32, numpy.float64):
            k = _k((3, 2), dtype)
            x = numpy.exp(numpy.random.normal(size=(4, 3, 2))).astype(dtype)
            gy = numpy.random.normal(size=(4, 3, 2)).astype(dtype)
            gradient_check.check_backward(
                lambda k, x: Chisquare(k).log_prob(x),
                (k, x),
                gy,
                dtype=numpy.float64,
                atol=1e-3,
                rtol=1e-3,
            )

    def test_entropy_backward(self):
        k = _k((3,), numpy.float64)
        gy = numpy.random.normal(size=(3,))
        gradient_check.check_backward(lambda k: Chisquare(k).entropy, k, gy, eps=1e-4)

    def test_errors(self):
        with pytest.raises(TypeError, match="k"):
            Chisquare(numpy.array([1, 2]))
        with pytest.raises(TypeError, match="k"):
            Chisquare("3")
