"""Tests of chainer.distributions.Normal."""

import contextlib
import unittest

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.distributions.normal import Normal
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

_CASES = [
    {"shape": (3, 2), "sample_shape": (3, 2), "dtype": numpy.float32},
    {"shape": (3, 2), "sample_shape": (), "dtype": numpy.float64, "is_variable": True},
    {"shape": (), "sample_shape": (3, 2), "dtype": numpy.float64},
    {"shape": (), "sample_shape": (), "dtype": numpy.float32, "is_variable": True},
]


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


class _NormalConfig(distribution_unittest):
    __test__ = False
    sample_size = 20000

    def setUp_configure(self):
        self.dist = Normal
        self.scipy_dist = stats.norm
        self.test_targets = set(_TARGETS)
        loc = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        scale = numpy.exp(numpy.random.uniform(-1, 1, self.shape)).astype(self.dtype)
        if self.param == "scale":
            self.params = {"loc": loc, "scale": scale}
        else:
            self.params = {"loc": loc, "log_scale": numpy.log(scale).astype(self.dtype)}
        self.scipy_params = {"loc": loc, "scale": scale}


@testing.parameterize(*testing.product_dict(_CASES, [{"param": "scale"}, {"param": "log_scale"}]))
@testing.fix_random()
class TestNormal(_NormalConfig):
    __test__ = True


@testing.fix_random()
class TestNormalMore(unittest.TestCase):
    def _params(self, shape=(3, 2), dtype=numpy.float64):
        loc = numpy.random.uniform(-1, 1, shape).astype(dtype)
        scale = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(dtype)
        return loc, scale

    def test_log_prob_backward(self):
        loc, scale = self._params()
        x = loc + scale * numpy.random.uniform(-2, 2, (4, 3, 2))
        gy = numpy.random.normal(size=(4, 3, 2))
        gradient_check.check_backward(
            lambda loc, scale: Normal(loc, scale).log_prob(x), (loc, scale), gy
        )

    def test_log_prob_backward_log_scale(self):
        loc, scale = self._params()
        x = loc + scale * numpy.random.uniform(-2, 2, (3, 2))
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda loc, log_scale: Normal(loc, log_scale=log_scale).log_prob(x),
            (loc, numpy.log(scale)),
            gy,
        )

    def test_tail_functions_backward(self):
        loc, scale = self._params()
        # points at moderate z, where finite differences are accurate
        x = loc + scale * numpy.random.uniform(-2, 2, (3, 2))
        gy = numpy.random.normal(size=(3, 2))
        for name in ("cdf", "log_cdf", "log_survival_function", "entropy"):
            with self.subTest(name=name):

                def f(loc, scale, name=name):
                    value = getattr(Normal(loc, scale), name)
                    return value if name == "entropy" else value(x)

                gradient_check.check_backward(f, (loc, scale), gy)

    def test_sample_reparameterized(self):
        loc, scale = self._params()
        gy = numpy.random.normal(size=(5, 3, 2))

        def f(loc, scale):
            with _seeded(1):
                return Normal(loc, scale).sample(5)

        gradient_check.check_backward(f, (loc, scale), gy)
        loc_v, scale_v = chainer.Variable(loc), chainer.Variable(scale)
        with _seeded(1):
            y = Normal(loc_v, scale_v).sample(5)
        chainer.functions.sum(y).backward()
        numpy.testing.assert_allclose(loc_v.grad, numpy.full((3, 2), 5.0))
        numpy.testing.assert_allclose(scale_v.grad, ((y.array - loc) / scale).sum(axis=0))

    def test_sample_dtype(self):
        for dtype in (numpy.float16, numpy.float32, numpy.float64):
            loc, scale = self._params(dtype=dtype)
            y = Normal(loc, scale).sample_n(3)
            self.assertEqual(y.dtype, dtype)
            self.assertEqual(y.shape, (3, 3, 2))

    def test_float16_log_prob(self):
        loc, scale = self._params(dtype=numpy.float16)
        x = numpy.random.normal(size=(3, 2)).astype(numpy.float16)
        y = Normal(loc, scale).log_prob(x)
        self.assertEqual(y.dtype, numpy.float16)
        testing.assert_allclose(y.array, stats.norm.logpdf(x, loc, scale), atol=1e-2, rtol=1e-2)

    def test_broadcast_parameters(self):
        loc = numpy.zeros((3, 1), numpy.float32)
        scale = numpy.ones((2,), numpy.float32)
        dist = Normal(loc, scale)
        self.assertEqual(dist.batch_shape, (3, 2))
        self.assertEqual(dist.loc.shape, (3, 2))
        self.assertEqual(dist.sample(4).shape, (4, 3, 2))

    def test_keeps_variables(self):
        loc, scale = self._params()
        loc_v, scale_v = chainer.Variable(loc), chainer.Variable(scale)
        dist = Normal(loc_v, scale_v)
        self.assertIs(dist.loc, loc_v)
        self.assertIs(dist.scale, scale_v)
        self.assertEqual(set(dist.params), {"loc", "scale"})
        testing.assert_allclose(Normal(loc, log_scale=numpy.log(scale)).scale.array, scale)
        testing.assert_allclose(dist.log_scale.array, numpy.log(scale))

    def test_mode(self):
        loc, scale = self._params()
        testing.assert_allclose(Normal(loc, scale).mode.array, loc)

    def test_log_cdf_tails(self):
        dist = Normal(numpy.zeros(2), numpy.ones(2))
        x = numpy.array([-30.0, 30.0])
        testing.assert_allclose(dist.log_cdf(x).array, stats.norm.logcdf(x))
        testing.assert_allclose(dist.log_survival_function(x).array, stats.norm.logsf(x))

    def test_kl_closed_form_matches_monte_carlo(self):
        loc1, scale1 = self._params()
        loc2, scale2 = self._params()
        p, q = Normal(loc1, scale1), Normal(loc2, scale2)
        kl = chainer.kl_divergence(p, q)
        self.assertEqual(kl.shape, (3, 2))
        mean, se = _kl_monte_carlo(p, q, 50000)
        assert numpy.all(numpy.abs(kl.array - mean) <= 5 * se + 1e-6), (kl.array, mean, se)
        testing.assert_allclose(chainer.cross_entropy(p, q).array, (p.entropy + kl).array)

    def test_kl_of_itself_is_zero(self):
        loc, scale = self._params()
        testing.assert_allclose(
            chainer.kl_divergence(Normal(loc, scale), Normal(loc, scale)).array,
            numpy.zeros((3, 2)),
        )

    def test_kl_backward(self):
        loc1, scale1 = self._params()
        loc2, scale2 = self._params()
        gy = numpy.random.normal(size=(3, 2))
        gradient_check.check_backward(
            lambda a, b, c, d: chainer.kl_divergence(Normal(a, b), Normal(c, d)),
            (loc1, scale1, loc2, scale2),
            gy,
        )


class TestNormalErrors(unittest.TestCase):
    def test_scale_and_log_scale(self):
        x = numpy.zeros(2, numpy.float32)
        with pytest.raises(ValueError, match="scale"):
            Normal(x, x, log_scale=x)
        with pytest.raises(ValueError, match="scale"):
            Normal(x)

    def test_unknown_keyword(self):
        x = numpy.zeros(2, numpy.float32)
        with pytest.raises(TypeError, match="scal"):
            Normal(x, scal=x)

    def test_integer_dtype(self):
        with pytest.raises(TypeError, match="loc"):
            Normal(numpy.zeros(2, numpy.int32), numpy.ones(2, numpy.float32))

    def test_mixed_dtypes(self):
        with pytest.raises(TypeError, match="same dtype"):
            Normal(numpy.zeros(2, numpy.float32), numpy.ones(2, numpy.float64))

    def test_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match=r"loc \(3,\).*scale \(2,\)"):
            Normal(numpy.zeros(3, numpy.float32), numpy.ones(2, numpy.float32))

    def test_not_an_array(self):
        with pytest.raises(TypeError, match="scale"):
            Normal(numpy.zeros(2, numpy.float32), [1.0, 1.0])

    def test_bad_sample_count(self):
        dist = Normal(numpy.zeros(2, numpy.float32), numpy.ones(2, numpy.float32))
        with pytest.raises(TypeError, match="n must be an int"):
            dist.sample_n(2.5)
        with pytest.raises(ValueError, match="non-negative"):
            dist.sample_n(-1)

    def test_number_parameter(self):
        dist = Normal(numpy.zeros(2, numpy.float32), 2.0)
        self.assertEqual(dist.scale.dtype, numpy.float32)
        self.assertEqual(dist.batch_shape, (2,))
