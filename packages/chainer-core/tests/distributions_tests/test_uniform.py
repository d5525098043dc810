"""Tests of chainer.distributions.Uniform."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.uniform import Uniform
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


def _bounds(shape=(3, 2), dtype=numpy.float64):
    low = numpy.random.uniform(-2, 0, shape).astype(dtype)
    high = (low + numpy.random.uniform(0.5, 2, shape)).astype(dtype)
    return low, high


class _UniformConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Uniform
        self.scipy_dist = stats.uniform
        self.test_targets = set(_TARGETS)
        self.support = "[low, high]"
        low, high = _bounds(self.shape, self.dtype)
        self.low, self.high = low, high
        if self.param == "low_high":
            self.params = {"low": low, "high": high}
        else:
            self.params = {"loc": low, "scale": (high - low).astype(self.dtype)}
        self.scipy_params = {"loc": low, "scale": high - low}

    def sample_for_test(self):
        # inside the interval, with some points on either side of it
        size = self.sample_shape + self.shape
        u = numpy.random.uniform(-0.2, 1.2, size)
        return (self.low + u * (self.high - self.low)).astype(self.dtype)

    def check_log_cdf(self, is_gpu):
        with numpy.errstate(divide="ignore"):
            super().check_log_cdf(is_gpu)

    def check_log_survival(self, is_gpu):
        with numpy.errstate(divide="ignore"):
            super().check_log_survival(is_gpu)


@testing.parameterize(
    *testing.product_dict(
        [
            {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
            {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
            {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
            {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
        ],
        [{"param": "low_high"}, {"param": "loc_scale"}],
    )
)
@testing.fix_random()
class TestUniform(_UniformConfig):
    __test__ = True


@testing.fix_random()
class TestUniformMore(unittest.TestCase):
    def test_backward(self):
        low, high = _bounds()
        x = low + numpy.random.uniform(0.1, 0.9, (4, 3, 2)) * (high - low)
        gy = numpy.random.normal(size=(4, 3, 2))
        for name in ("log_prob", "cdf", "survival_function", "icdf"):
            with self.subTest(name=name):
                points = (x - low) / (high - low) if name == "icdf" else x
                gradient_check.check_backward(
                    lambda low, high, name=name, points=points: getattr(
                        Uniform(low=low, high=high), name
                    )(points),
                    (low, high),
                    gy,
                )

    def test_properties_backward(self):
        low, high = _bounds()
        gy = numpy.random.normal(size=(3, 2))
        for name in ("mean", "variance", "stddev", "entropy"):
            with self.subTest(name=name):
                gradient_check.check_backward(
                    lambda loc, scale, name=name: getattr(Uniform(loc=loc, scale=scale), name),
                    (low, high - low),
                    gy,
                )

    def test_loc_scale_attributes(self):
        low, high = _bounds()
        dist = Uniform(low=low, high=high)
        testing.assert_allclose(dist.loc.array, low)
        testing.assert_allclose(dist.scale.array, high - low)
        dist = Uniform(loc=low, scale=high - low)
        testing.assert_allclose(dist.low.array, low)
        testing.assert_allclose(dist.high.array, high)
        self.assertEqual(set(dist.params), {"low", "high"})

    def test_outside_support(self):
        dist = Uniform(low=numpy.zeros(3), high=numpy.ones(3))
        x = numpy.array([-0.5, 0.5, 1.5])
        testing.assert_allclose(dist.log_prob(x).array, [-numpy.inf, 0.0, -numpy.inf])
        testing.assert_allclose(dist.cdf(x).array, [0.0, 0.5, 1.0])
        testing.assert_allclose(dist.survival_function(x).array, [1.0, 0.5, 0.0])

    def test_sample_reparameterized(self):
        low, high = _bounds()
        gy = numpy.random.normal(size=(5, 3, 2))

        def f(low, high):
            with _seeded(1):
                return Uniform(low=low, high=high).sample(5)

        gradient_check.check_backward(f, (low, high), gy)

    def test_sample_dtype_and_support(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            low, high = _bounds(dtype=dtype)
            y = Uniform(low=low, high=high).sample_n(1000)
            self.assertEqual(y.dtype, dtype)
            self.assertTrue(numpy.all((y.array >= low) & (y.array <= high)))

    def test_kl_closed_form_matches_monte_carlo(self):
        low1, high1 = _bounds()
        width = high1 - low1
        low2 = low1 - numpy.random.uniform(0, 1, (3, 2)) * width
        high2 = high1 + numpy.random.uniform(0, 1, (3, 2)) * width
        p, q = Uniform(low=low1, high=high1), Uniform(low=low2, high=high2)
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        # log p - log q is constant on the support of p: the estimate is exact
        x = p.sample_n(1000)
        mc = (p.log_prob(x) - q.log_prob(x)).array.mean(axis=0)
        testing.assert_allclose(kl.array, mc)

    def test_kl_infinite(self):
        p = Uniform(low=numpy.array([0.0, 0.0, 0.2]), high=numpy.array([1.0, 1.0, 0.8]))
        q = Uniform(low=numpy.array([0.1, -1.0, 0.0]), high=numpy.array([2.0, 0.9, 1.0]))
        kl = chainer.kl_divergence(p, q).array
        self.assertEqual(kl[0], numpy.inf)
        self.assertEqual(kl[1], numpy.inf)
        testing.assert_allclose(kl[2], numpy.log(1 / 0.6))

    def test_kl_backward(self):
        low1, high1 = _bounds()
        low2, high2 = low1 - 0.5, high1 + 0.5
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(
                Uniform(low=a, high=b), Uniform(low=c, high=d)
            ),
            (low1, high1, low2, high2),
            gy,
        )


class TestUniformErrors(unittest.TestCase):
    def test_both_pairs(self):
        x = numpy.zeros(2, numpy.float32)
        with pytest.raises(ValueError, match="low and high, or loc and scale"):
            Uniform(low=x, high=x + 1, loc=x, scale=x + 1)

    def test_incomplete_pairs(self):
        x = numpy.zeros(2, numpy.float32)
        with pytest.raises(ValueError, match="low and high, or loc and scale"):
            Uniform(low=x, scale=x + 1)
        with pytest.raises(ValueError, match="none"):
            Uniform()

    def test_unknown_keyword(self):
        x = numpy.zeros(2, numpy.float32)
        with pytest.raises(TypeError, match="lo"):
            Uniform(lo=x, high=x)

    def test_positional_arguments(self):
        x = numpy.zeros(2, numpy.float32)
        with pytest.raises(TypeError):
            Uniform(x, x + 1)

    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="high"):
            Uniform(low=numpy.zeros(2, numpy.float32), high=numpy.ones(2, numpy.int32))

    def test_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match=r"loc \(3,\).*scale \(2,\)"):
            Uniform(loc=numpy.zeros(3, numpy.float32), scale=numpy.ones(2, numpy.float32))
