import math

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import distribution as distribution_module
from chainer.distribution import Distribution

LOG_2PI = math.log(2.0 * math.pi)


class Normal(Distribution):
    """A minimal univariate normal distribution built from chainer.functions."""

    def __init__(self, loc, scale):
        self.loc = chainer.as_variable(loc)
        self.scale = chainer.as_variable(scale)

    @property
    def batch_shape(self):
        return self.loc.shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {"loc": self.loc, "scale": self.scale}

    @property
    def mean(self):
        return self.loc

    @property
    def variance(self):
        return self.scale * self.scale

    @property
    def entropy(self):
        return 0.5 * (LOG_2PI + 1.0) + F.log(self.scale)

    def log_prob(self, x):
        z = (x - self.loc) / self.scale
        return -0.5 * LOG_2PI - F.log(self.scale) - 0.5 * z * z

    def sample_n(self, n):
        eps = numpy.random.standard_normal((n,) + self.loc.shape).astype(self.loc.dtype)
        return self.loc + self.scale * eps


def _kl_normal_normal(p, q):
    return (
        F.log(q.scale)
        - F.log(p.scale)
        + (p.scale * p.scale + (p.loc - q.loc) ** 2) / (2.0 * q.scale * q.scale)
        - 0.5
    )


@pytest.fixture(autouse=True)
def kl_registry(monkeypatch):
    """Each test sees only Normal-Normal registered; other registrations are undone."""
    registry = dict(distribution_module._KLDIVERGENCE)
    monkeypatch.setattr(distribution_module, "_KLDIVERGENCE", registry)
    distribution_module.register_kl(Normal, Normal)(_kl_normal_normal)
    return registry


def _params(seed=0, shape=(3, 2)):
    rng = numpy.random.default_rng(seed)
    m1, m2 = rng.normal(size=shape), rng.normal(size=shape)
    s1, s2 = rng.uniform(0.5, 2.0, size=shape), rng.uniform(0.5, 2.0, size=shape)
    return m1, s1, m2, s2


def _numpy_kl(m1, s1, m2, s2):
    return numpy.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


# -- KL divergence and cross entropy -----------------------------------------------


def test_kl_divergence_matches_closed_form():
    m1, s1, m2, s2 = _params()
    kl = distribution_module.kl_divergence(Normal(m1, s1), Normal(m2, s2))
    assert isinstance(kl, chainer.Variable)
    numpy.testing.assert_allclose(kl.array, _numpy_kl(m1, s1, m2, s2), rtol=1e-12)
    same = distribution_module.kl_divergence(Normal(m1, s1), Normal(m1, s1))
    numpy.testing.assert_allclose(same.array, numpy.zeros_like(m1), atol=1e-12)


def test_kl_divergence_is_differentiable():
    m1, s1, m2, s2 = _params(1)
    loc = chainer.Variable(m1)
    kl = distribution_module.kl_divergence(Normal(loc, s1), Normal(m2, s2))
    F.sum(kl).backward()
    numpy.testing.assert_allclose(loc.grad, (m1 - m2) / s2**2, rtol=1e-12)


def test_cross_entropy_matches_closed_form():
    m1, s1, m2, s2 = _params(2)
    ce = distribution_module.cross_entropy(Normal(m1, s1), Normal(m2, s2))
    # H(p, q) = -E_p[log q(x)] for two normals.
    expected = 0.5 * numpy.log(2 * numpy.pi * s2**2) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2)
    numpy.testing.assert_allclose(ce.array, expected, rtol=1e-12)


def test_cross_entropy_with_itself_is_entropy():
    m1, s1, _, _ = _params(3)
    p = Normal(m1, s1)
    expected = 0.5 * numpy.log(2 * numpy.pi * numpy.e * s1**2)
    numpy.testing.assert_allclose(
        distribution_module.cross_entropy(p, p).array, expected, rtol=1e-12
    )


def test_register_kl_returns_the_function():
    class A(Distribution):
        pass

    def kl(p, q):
        return "a-a"

    assert distribution_module.register_kl(A, A)(kl) is kl
    assert distribution_module.kl_divergence(A(), A()) == "a-a"


def test_kl_dispatch_uses_base_class_registration():
    class SubNormal(Normal):
        pass

    m1, s1, m2, s2 = _params(4)
    for p, q in [
        (SubNormal(m1, s1), Normal(m2, s2)),
        (Normal(m1, s1), SubNormal(m2, s2)),
        (SubNormal(m1, s1), SubNormal(m2, s2)),
    ]:
        kl = distribution_module.kl_divergence(p, q)
        numpy.testing.assert_allclose(kl.array, _numpy_kl(m1, s1, m2, s2), rtol=1e-12)


def test_kl_dispatch_prefers_most_specific_registration():
    class SubNormal(Normal):
        pass

    class SubSubNormal(SubNormal):
        pass

    distribution_module.register_kl(SubNormal, Normal)(lambda p, q: "sub-normal")
    distribution_module.register_kl(SubNormal, SubNormal)(lambda p, q: "sub-sub")
    m, s = numpy.zeros(2), numpy.ones(2)
    kl = distribution_module.kl_divergence
    assert kl(SubNormal(m, s), Normal(m, s)) == "sub-normal"
    assert kl(SubSubNormal(m, s), Normal(m, s)) == "sub-normal"
    assert kl(SubNormal(m, s), SubNormal(m, s)) == "sub-sub"
    assert kl(SubSubNormal(m, s), SubSubNormal(m, s)) == "sub-sub"
    # Only (Normal, Normal) covers a plain Normal first argument.
    assert isinstance(kl(Normal(m, s), SubNormal(m, s)), chainer.Variable)


def test_kl_dispatch_ties_prefer_closer_first_class():
    class SubNormal(Normal):
        pass

    distribution_module.register_kl(SubNormal, Normal)(lambda p, q: "first")
    distribution_module.register_kl(Normal, SubNormal)(lambda p, q: "second")
    m, s = numpy.zeros(1), numpy.ones(1)
    assert distribution_module.kl_divergence(SubNormal(m, s), SubNormal(m, s)) == "first"


def test_kl_unregistered_pair_raises_naming_both_classes():
    class Other(Distribution):
        pass

    m, s = numpy.zeros(1), numpy.ones(1)
    with pytest.raises(NotImplementedError, match=r"\(Normal, Other\)"):
        distribution_module.kl_divergence(Normal(m, s), Other())
    with pytest.raises(NotImplementedError, match=r"\(Other, Normal\)"):
        distribution_module.kl_divergence(Other(), Normal(m, s))
    with pytest.raises(NotImplementedError, match="Other"):
        distribution_module.cross_entropy(Other(), Other())


# -- derived members ---------------------------------------------------------------


def test_prob_and_perplexity_from_log_prob():
    m1, s1, _, _ = _params(5)
    x = numpy.random.default_rng(5).normal(size=m1.shape)
    p = Normal(m1, s1)
    pdf = numpy.exp(-((x - m1) ** 2) / (2 * s1**2)) / numpy.sqrt(2 * numpy.pi * s1**2)
    numpy.testing.assert_allclose(p.log_prob(x).array, numpy.log(pdf), rtol=1e-12)
    numpy.testing.assert_allclose(p.prob(x).array, pdf, rtol=1e-12)
    numpy.testing.assert_allclose(p.perplexity(x).array, 1.0 / pdf, rtol=1e-12)


def test_log_prob_and_perplexity_from_prob():
    class Uniform01(Distribution):
        def prob(self, x):
            return chainer.as_variable(numpy.where((x >= 0) & (x <= 1), 1.0, 0.5))

    x = numpy.array([0.5, 2.0])
    d = Uniform01()
    numpy.testing.assert_allclose(d.log_prob(x).array, numpy.log([1.0, 0.5]))
    numpy.testing.assert_allclose(d.perplexity(x).array, [1.0, 2.0])


def test_stddev_from_variance_and_variance_from_stddev():
    m1, s1, _, _ = _params(6)
    numpy.testing.assert_allclose(Normal(m1, s1).stddev.array, s1, rtol=1e-12)

    class FromStddev(Distribution):
        @property
        def stddev(self):
            return chainer.as_variable(s1)

    numpy.testing.assert_allclose(FromStddev().variance.array, s1**2, rtol=1e-12)


class _Exponential(Distribution):
    rate = 1.5


def _exp_expected(x, rate):
    cdf = 1.0 - numpy.exp(-rate * x)
    return {
        "cdf": cdf,
        "log_cdf": numpy.log(cdf),
        "survival_function": 1.0 - cdf,
        "log_survival_function": -rate * x,
    }


@pytest.mark.parametrize(
    "defined", ["cdf", "log_cdf", "survival_function", "log_survival_function"]
)
def test_tail_functions_derive_from_any_one(defined):
    rate = _Exponential.rate
    definitions = {
        "cdf": lambda self, x: 1.0 - F.exp(-self.rate * chainer.as_variable(x)),
        "log_cdf": lambda self, x: F.log(1.0 - F.exp(-self.rate * chainer.as_variable(x))),
        "survival_function": lambda self, x: F.exp(-self.rate * chainer.as_variable(x)),
        "log_survival_function": lambda self, x: -self.rate * chainer.as_variable(x),
    }
    cls = type("Only_" + defined, (_Exponential,), {defined: definitions[defined]})
    d = cls()
    x = numpy.array([0.1, 0.7, 2.0])
    for name, expected in _exp_expected(x, rate).items():
        got = getattr(d, name)(x)
        numpy.testing.assert_allclose(
            getattr(got, "array", got), expected, rtol=1e-10, err_msg=name
        )


# -- abstract members ----------------------------------------------------------------


class Bare(Distribution):
    pass


@pytest.mark.parametrize(
    "name",
    [
        "batch_shape",
        "event_shape",
        "params",
        "support",
        "mean",
        "mode",
        "variance",
        "stddev",
        "covariance",
        "entropy",
        "xp",
    ],
)
def test_abstract_properties_raise_naming_class_and_member(name):
    # xp reads params, so it reports params.
    member = "params" if name == "xp" else name
    with pytest.raises(NotImplementedError, match=rf"Bare does not implement {member}\b"):
        getattr(Bare(), name)


@pytest.mark.parametrize(
    "name",
    [
        "log_prob",
        "prob",
        "perplexity",
        "cdf",
        "log_cdf",
        "survival_function",
        "log_survival_function",
        "icdf",
        "sample_n",
    ],
)
def test_abstract_methods_raise_naming_class_and_member(name):
    with pytest.raises(NotImplementedError, match=rf"Bare does not implement {name}\b"):
        getattr(Bare(), name)(numpy.zeros(1))


def test_sample_without_sample_n_raises():
    class Shaped(Distribution):
        batch_shape = (2,)
        event_shape = ()

    with pytest.raises(NotImplementedError, match="Shaped does not implement sample_n"):
        Shaped().sample(3)


# -- sampling and xp -----------------------------------------------------------------


class _Counting(Distribution):
    """sample_n returns 0, 1, 2, ... so that reshaping can be checked exactly."""

    def __init__(self):
        self.calls = []

    @property
    def batch_shape(self):
        return (2,)

    @property
    def event_shape(self):
        return (3,)

    def sample_n(self, n):
        self.calls.append(n)
        return chainer.Variable(numpy.arange(n * 6, dtype=numpy.float32).reshape(n, 2, 3))


@pytest.mark.parametrize(
    "sample_shape, n, shape",
    [((), 1, (2, 3)), (4, 4, (4, 2, 3)), ((2, 5), 10, (2, 5, 2, 3)), ([3], 3, (3, 2, 3))],
)
def test_sample_reshapes_sample_n(sample_shape, n, shape):
    d = _Counting()
    s = d.sample(sample_shape)
    assert d.calls == [n]
    assert isinstance(s, chainer.Variable)
    assert s.shape == shape
    numpy.testing.assert_array_equal(
        s.array, numpy.arange(n * 6, dtype=numpy.float32).reshape(shape)
    )


def test_sample_of_normal_has_batch_shape_and_statistics():
    numpy.random.seed(0)
    m = numpy.array([1.0, -2.0], dtype=numpy.float32)
    s = numpy.array([0.5, 2.0], dtype=numpy.float32)
    samples = Normal(m, s).sample((4000,)).array
    assert samples.shape == (4000, 2)
    numpy.testing.assert_allclose(samples.mean(axis=0), m, atol=0.15)
    numpy.testing.assert_allclose(samples.std(axis=0), s, rtol=0.1)


def test_xp_comes_from_params():
    assert Normal(numpy.zeros(2), numpy.ones(2)).xp is numpy


def test_copy_to_shares_state():
    p = Normal(numpy.zeros(2), numpy.ones(2))
    q = p._copy_to(Normal.__new__(Normal))
    assert q is not p
    assert q.loc is p.loc and q.scale is p.scale
    q.loc = None
    assert p.loc is not None
