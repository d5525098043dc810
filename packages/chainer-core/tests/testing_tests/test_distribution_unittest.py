"""chainer.testing.distribution_unittest on small hand-written distributions.

The distributions here are written with ``chainer.functions`` for these
tests only (``chainer.distributions`` holds the real ones). Correct ones must
pass every check; deliberately wrong variants must fail the check of the
property they get wrong, with an ``AssertionError``.
"""

import math
import unittest

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.testing import attr, distribution_test

stats = pytest.importorskip("scipy.stats")

_LOG_2PI = math.log(2 * math.pi)


def _as_variable(x):
    return x if isinstance(x, chainer.Variable) else chainer.Variable(x)


class _Normal(chainer.Distribution):
    """Univariate normal distribution N(loc, scale**2)."""

    def __init__(self, loc, scale):
        self.loc = _as_variable(loc)
        self.scale = _as_variable(scale)

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
    def support(self):
        return "real"

    @property
    def mean(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.scale**2

    @property
    def entropy(self):
        return F.log(self.scale) + 0.5 * (_LOG_2PI + 1)

    def log_prob(self, x):
        z = (x - self.loc) / self.scale
        return -0.5 * z**2 - F.log(self.scale) - 0.5 * _LOG_2PI

    def sample_n(self, n):
        eps = self.xp.random.standard_normal((n,) + self.batch_shape)
        return self.loc + self.scale * eps.astype(self.loc.dtype)


class _Logistic(chainer.Distribution):
    """Logistic distribution: everything closed-form with exp and log."""

    def __init__(self, loc, scale):
        self.loc = _as_variable(loc)
        self.scale = _as_variable(scale)

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
    def support(self):
        return "real"

    def _z(self, x):
        return (x - self.loc) / self.scale

    @property
    def mean(self):
        return self.loc

    @property
    def variance(self):
        return self.scale**2 * (math.pi**2 / 3)

    @property
    def entropy(self):
        return F.log(self.scale) + 2.0

    def log_prob(self, x):
        z = self._z(x)
        return -z - 2 * F.log(1 + F.exp(-z)) - F.log(self.scale)

    def cdf(self, x):
        return 1 / (1 + F.exp(-self._z(x)))

    def log_cdf(self, x):
        return -F.log(1 + F.exp(-self._z(x)))

    def survival_function(self, x):
        return 1 / (1 + F.exp(self._z(x)))

    def log_survival_function(self, x):
        return -F.log(1 + F.exp(self._z(x)))

    def icdf(self, p):
        return self.loc + self.scale * (F.log(p) - F.log(1 - p))

    def sample_n(self, n):
        # Away from 0 and 1, where float32 log(u) or log(1 - u) is infinite.
        u = self.xp.random.uniform(1e-6, 1 - 1e-6, (n,) + self.batch_shape)
        return self.icdf(u.astype(self.loc.dtype))


class _Bernoulli(chainer.Distribution):
    """Bernoulli distribution with probability ``p`` of 1 (discrete)."""

    def __init__(self, p):
        self.p = _as_variable(p)

    @property
    def batch_shape(self):
        return self.p.shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {"p": self.p}

    @property
    def support(self):
        return "{0, 1}"

    @property
    def mean(self):
        return self.p

    @property
    def variance(self):
        return self.p * (1 - self.p)

    @property
    def entropy(self):
        return -(self.p * F.log(self.p) + (1 - self.p) * F.log(1 - self.p))

    def log_prob(self, x):
        return x * F.log(self.p) + (1 - x) * F.log(1 - self.p)

    def sample_n(self, n):
        u = self.xp.random.uniform(size=(n,) + self.batch_shape)
        return chainer.Variable((u < self.p.array).astype(self.p.dtype))


class _DiagNormal(chainer.Distribution):
    """Normal distribution of vectors with a diagonal covariance (event shape (d,))."""

    def __init__(self, loc, scale):
        self.loc = _as_variable(loc)
        self.scale = _as_variable(scale)

    @property
    def batch_shape(self):
        return self.loc.shape[:-1]

    @property
    def event_shape(self):
        return self.loc.shape[-1:]

    @property
    def params(self):
        return {"loc": self.loc, "scale": self.scale}

    @property
    def support(self):
        return "real"

    @property
    def mean(self):
        return self.loc

    @property
    def variance(self):
        return self.scale**2

    @property
    def entropy(self):
        return F.sum(F.log(self.scale) + 0.5 * (_LOG_2PI + 1), axis=-1)

    def log_prob(self, x):
        z = (x - self.loc) / self.scale
        return F.sum(-0.5 * z**2 - F.log(self.scale) - 0.5 * _LOG_2PI, axis=-1)

    def sample_n(self, n):
        eps = self.xp.random.standard_normal((n,) + self.loc.shape)
        return self.loc + self.scale * eps.astype(self.loc.dtype)


def _loc_scale(shape):
    loc = numpy.random.uniform(-1, 1, shape).astype(numpy.float32)
    scale = numpy.exp(numpy.random.uniform(-1, 1, shape)).astype(numpy.float32)
    return loc, scale


class _NormalConfig(distribution_test.distribution_unittest):
    # pytest collects every TestCase of the module, whatever its name: the
    # configurations are collected only through their Test* subclasses.
    __test__ = False

    def setUp_configure(self):
        self.dist = _Normal
        self.scipy_dist = stats.norm
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
        loc, scale = _loc_scale(self.shape)
        self.params = {"loc": loc, "scale": scale}
        self.scipy_params = {"loc": loc, "scale": scale}


_NORMAL_PARAMS = [
    {"shape": (3, 2), "sample_shape": (3, 2), "is_variable": False, "scipy_onebyone": False},
    {"shape": (3, 2), "sample_shape": (), "is_variable": True, "scipy_onebyone": True},
    {"shape": (), "sample_shape": (3, 2), "is_variable": True, "scipy_onebyone": False},
    {"shape": (1,), "sample_shape": (), "is_variable": False, "scipy_onebyone": True},
]


@testing.parameterize(*_NORMAL_PARAMS)
@testing.fix_random()
class TestNormal(_NormalConfig):
    __test__ = True


class _LogisticConfig(distribution_test.distribution_unittest):
    __test__ = False

    def setUp_configure(self):
        self.dist = _Logistic
        self.scipy_dist = stats.logistic
        self.test_targets = set(distribution_test.TEST_TARGETS)
        loc, scale = _loc_scale(self.shape)
        self.params = {"loc": loc, "scale": scale}
        self.scipy_params = {"loc": loc, "scale": scale}


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "is_variable": True, "scipy_onebyone": False},
    {"shape": (2,), "sample_shape": (), "is_variable": False, "scipy_onebyone": True},
)
@testing.fix_random()
class TestLogistic(_LogisticConfig):
    __test__ = True


class _BernoulliConfig(distribution_test.distribution_unittest):
    __test__ = False

    def setUp_configure(self):
        self.dist = _Bernoulli
        self.scipy_dist = stats.bernoulli
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
        p = numpy.random.uniform(0.1, 0.9, self.shape).astype(numpy.float32)
        self.params = {"p": p}
        self.scipy_params = {"p": p}
        self.support = "{0, 1}"
        self.continuous = False

    def sample_for_test(self):
        size = self.sample_shape + self.shape
        return numpy.random.randint(0, 2, size).astype(numpy.float32)


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "scipy_onebyone": False},
    {"shape": (2,), "sample_shape": (), "scipy_onebyone": True},
)
@testing.fix_random()
class TestBernoulli(_BernoulliConfig):
    __test__ = True


class _DiagNormalConfig(distribution_test.distribution_unittest):
    __test__ = False
    scipy_onebyone = True

    def setUp_configure(self):
        self.dist = _DiagNormal
        self.scipy_dist = stats.multivariate_normal
        self.test_targets = {
            "batch_shape",
            "entropy",
            "event_shape",
            "log_prob",
            "prob",
            "sample",
            "support",
        }
        self.event_shape = (2,)
        loc, scale = _loc_scale(self.shape + self.event_shape)
        self.params = {"loc": loc, "scale": scale}
        cov = numpy.eye(2) * (scale.astype(numpy.float64) ** 2)[..., None]
        self.scipy_params = {"mean": loc, "cov": cov}


@testing.parameterize(
    {"shape": (3, 2), "sample_shape": (3, 2), "is_variable": True},
    {"shape": (), "sample_shape": (), "is_variable": False},
)
@testing.fix_random()
class TestDiagNormal(_DiagNormalConfig):
    __test__ = True


# -- deliberately wrong distributions ------------------------------------------------


class _VarianceTimesTwo(_Normal):
    @property
    def variance(self):
        return 2 * self.scale**2


class _StddevOfVariance(_Normal):
    @property
    def stddev(self):
        return self.scale**2


class _MeanOff(_Normal):
    @property
    def mean(self):
        return self.loc + 0.01


class _EntropyOff(_Normal):
    @property
    def entropy(self):
        return F.log(self.scale) + 0.5 * _LOG_2PI


class _NoNormalizer(_Normal):
    def log_prob(self, x):
        z = (x - self.loc) / self.scale
        return -0.5 * z**2 - F.log(self.scale)


class _LogProbSummed(_Normal):
    def log_prob(self, x):
        return F.sum(super().log_prob(x))


class _WideSamples(_Normal):
    def sample_n(self, n):
        eps = self.xp.random.standard_normal((n,) + self.batch_shape)
        return self.loc + 1.1 * self.scale * eps.astype(self.loc.dtype)


class _ShiftedSamples(_Normal):
    def sample_n(self, n):
        return super().sample_n(n) + 0.1


class _WrongBatchShape(_Normal):
    @property
    def batch_shape(self):
        return (1,) + self.loc.shape


class _WrongEventShape(_Normal):
    @property
    def event_shape(self):
        return (1,)


class _WrongSupport(_Normal):
    @property
    def support(self):
        return "positive"


class _CdfOff(_Logistic):
    def cdf(self, x):
        return 1 / (1 + F.exp(-self._z(x) * 1.01))


class _LogCdfOff(_Logistic):
    def log_cdf(self, x):
        return -F.log(1 + F.exp(-self._z(x) * 1.01))


class _SurvivalOff(_Logistic):
    def survival_function(self, x):
        return 1 / (1 + F.exp(self._z(x) * 1.01))


class _LogSurvivalOff(_Logistic):
    def log_survival_function(self, x):
        return -F.log(1 + F.exp(self._z(x) * 1.01))


class _IcdfOff(_Logistic):
    def icdf(self, p):
        return self.loc + 1.01 * self.scale * (F.log(p) - F.log(1 - p))


class _BernoulliSwapped(_Bernoulli):
    def log_prob(self, x):
        return (1 - x) * F.log(self.p) + x * F.log(1 - self.p)


class _DiagNormalMeanOverEvent(_DiagNormal):
    def log_prob(self, x):
        return super().log_prob(x) / 2


class _DiagNormalCorrelatedSamples(_DiagNormal):
    def sample_n(self, n):
        eps = self.xp.random.standard_normal((n,) + self.batch_shape + (1,))
        # Both components get the first one's scale: the second one's spread is wrong.
        return self.loc + self.scale[..., :1] * eps.astype(self.loc.dtype)


def _configured(config, dist, **attrs):
    """A fresh test class (not collected) with ``config``'s setup and ``dist``."""

    def setUp_configure(self):  # noqa: N802
        config.setUp_configure(self)
        self.dist = dist

    members = {"__test__": False, "setUp_configure": setUp_configure, **attrs}
    return testing.fix_random()(type(f"Check{dist.__name__}", (config,), members))


def _run(cls, method):
    """Runs one test method; returns ('pass'|'fail'|'error'|'skip', details)."""
    result = unittest.TestResult()
    cls(method).run(result)
    if result.failures:
        return "fail", result.failures[0][1]
    if result.errors:
        return "error", result.errors[0][1]
    if result.skipped:
        return "skip", result.skipped[0][1]
    assert result.wasSuccessful() and result.testsRun == 1
    return "pass", ""


_SHAPES = {"shape": (3, 2), "sample_shape": (3, 2)}

_WRONG = [
    (_NormalConfig, _VarianceTimesTwo, "test_variance_cpu", "variance"),
    (_NormalConfig, _StddevOfVariance, "test_stddev_cpu", "stddev"),
    (_NormalConfig, _MeanOff, "test_mean_cpu", "mean"),
    (_NormalConfig, _EntropyOff, "test_entropy_cpu", "entropy"),
    (_NormalConfig, _NoNormalizer, "test_log_prob_cpu", "log_prob"),
    (_NormalConfig, _NoNormalizer, "test_prob_cpu", "prob"),
    (_NormalConfig, _LogProbSummed, "test_log_prob_cpu", "shape ()"),
    (_NormalConfig, _WideSamples, "test_sample_cpu", "standard deviation"),
    (_NormalConfig, _ShiftedSamples, "test_sample_cpu", "sample mean"),
    (_NormalConfig, _WrongBatchShape, "test_batch_shape_cpu", "(1, 3, 2)"),
    (_NormalConfig, _WrongEventShape, "test_event_shape_cpu", "(1,)"),
    (_NormalConfig, _WrongSupport, "test_support_cpu", "positive"),
    (_LogisticConfig, _CdfOff, "test_cdf_cpu", "Not equal to tolerance"),
    (_LogisticConfig, _LogCdfOff, "test_log_cdf_cpu", "Not equal to tolerance"),
    (_LogisticConfig, _SurvivalOff, "test_survival_cpu", "Not equal to tolerance"),
    (_LogisticConfig, _LogSurvivalOff, "test_log_survival_cpu", "Not equal to tolerance"),
    (_LogisticConfig, _IcdfOff, "test_icdf_cpu", "Not equal to tolerance"),
    (_BernoulliConfig, _BernoulliSwapped, "test_log_prob_cpu", "Not equal to tolerance"),
    (_DiagNormalConfig, _DiagNormalMeanOverEvent, "test_log_prob_cpu", "Not equal"),
    (_DiagNormalConfig, _DiagNormalCorrelatedSamples, "test_sample_cpu", "standard deviation"),
]


@pytest.mark.parametrize(
    ("config", "wrong", "method", "message"),
    _WRONG,
    ids=[f"{w.__name__}-{m}" for _, w, m, _ in _WRONG],
)
@pytest.mark.parametrize("onebyone", [False, True])
def test_wrong_distribution_fails_its_check(config, wrong, method, message, onebyone):
    attrs = dict(_SHAPES, scipy_onebyone=onebyone or config is _DiagNormalConfig)
    # The correct distribution passes the same test, with the same seed ...
    right = wrong.__mro__[1]
    assert _run(_configured(config, right, **attrs), method) == ("pass", "")
    # ... and the wrong one fails it with an AssertionError.
    outcome, details = _run(_configured(config, wrong, **attrs), method)
    assert outcome == "fail", details
    assert "AssertionError" in details
    assert message in details


def test_wrong_check_fails_when_called_directly():
    cls = _configured(_NormalConfig, _VarianceTimesTwo, **_SHAPES)
    case = cls("test_variance_cpu")
    case.setUp()
    try:
        with pytest.raises(AssertionError):
            case.check_variance(False)
        with pytest.raises(AssertionError):
            case.test_variance_cpu()
        case.check_mean(False)  # the right properties still pass
    finally:
        case.tearDown()


# -- the configuration ----------------------------------------------------------------


def test_targets_not_listed_are_skipped():
    cls = _configured(_NormalConfig, _Normal)
    outcome, reason = _run(cls, "test_cdf_cpu")
    assert outcome == "skip"
    assert "'cdf' is not in test_targets" in reason


def test_unknown_target_is_an_error():
    def setUp_configure(self):  # noqa: N802
        _NormalConfig.setUp_configure(self)
        self.test_targets = {"mean", "kurtosis"}

    cls = type("BadTargets", (_NormalConfig,), {"setUp_configure": setUp_configure})
    outcome, details = _run(cls, "test_mean_cpu")
    assert outcome == "error"
    assert "ValueError" in details and "kurtosis" in details


def test_missing_configuration_is_an_error():
    def setUp_configure(self):  # noqa: N802
        self.dist = _Normal

    cls = type(
        "Incomplete",
        (distribution_test.distribution_unittest,),
        {"__test__": False, "setUp_configure": setUp_configure},
    )
    outcome, details = _run(cls, "test_mean_cpu")
    assert outcome == "error"
    assert "self.scipy_dist, self.params, self.scipy_params" in details


def test_setup_configure_is_required():
    cls = type("NoConfigure", (distribution_test.distribution_unittest,), {"__test__": False})
    outcome, details = _run(cls, "test_mean_cpu")
    assert outcome == "error"
    assert "NotImplementedError" in details and "setUp_configure" in details


def test_base_class_tests_skip_themselves():
    outcome, reason = _run(distribution_test.distribution_unittest, "test_mean_cpu")
    assert outcome == "skip"
    assert "base class" in reason


def test_defaults():
    cls = _configured(_NormalConfig, _Normal)
    case = cls("test_mean_cpu")
    case.setUp()
    try:
        assert case.shape == (3, 2)
        assert case.sample_shape == (3, 2)
        assert case.event_shape == ()
        assert case.support == "real"
        assert case.continuous is True
        assert case.scipy_onebyone is False
        assert case.is_variable is False
        assert case.options == {}
        assert case.sample_size == 100000
        assert all(isinstance(v, numpy.ndarray) for v in case.params.values())
    finally:
        case.tearDown()


def test_is_variable_wraps_params_and_cpu_dist_uses_them():
    cls = _configured(_NormalConfig, _Normal, is_variable=True)
    case = cls("test_mean_cpu")
    case.setUp()
    try:
        assert all(isinstance(v, chainer.Variable) for v in case.params.values())
        dist = case.cpu_dist
        assert isinstance(dist, _Normal)
        assert dist.loc is case.params["loc"]
    finally:
        case.tearDown()


class _NormalWithOption(_Normal):
    def __init__(self, loc, scale, shift):
        super().__init__(loc, scale)
        self.shift = shift

    @property
    def mean(self):
        return self.loc + self.shift


def test_options_are_passed_to_the_constructor():
    def setUp_configure(self):  # noqa: N802
        _NormalConfig.setUp_configure(self)
        self.dist = _NormalWithOption
        self.options = {"shift": 0.0}

    cls = type("WithOption", (_NormalConfig,), {"setUp_configure": setUp_configure})
    assert _run(cls, "test_mean_cpu") == ("pass", "")
    case = cls("test_mean_cpu")
    case.setUp()
    try:
        assert case.cpu_dist.shift == 0.0
        assert set(case.params) == {"loc", "scale"}  # options stay apart
    finally:
        case.tearDown()


def test_scipy_onebyone_params_iter():
    cls = _configured(_DiagNormalConfig, _DiagNormal, shape=(2, 3))
    case = cls("test_log_prob_cpu")
    case.setUp()
    try:
        case.scipy_params["shared"] = 7.0
        items = list(case.scipy_onebyone_params_iter())
        assert len(items) == 6
        for index, params in zip(numpy.ndindex(2, 3), items):
            assert set(params) == {"mean", "cov", "shared"}
            numpy.testing.assert_array_equal(params["mean"], case.scipy_params["mean"][index])
            numpy.testing.assert_array_equal(params["cov"], case.scipy_params["cov"][index])
            assert params["mean"].shape == (2,) and params["cov"].shape == (2, 2)
            assert params["shared"] == 7.0
    finally:
        case.tearDown()


@pytest.mark.parametrize(
    ("support", "low", "high"),
    [("real", -numpy.inf, numpy.inf), ("positive", 0, numpy.inf), ("[0, 1]", 0, 1)],
)
def test_default_sample_for_test(support, low, high):
    cls = _configured(_NormalConfig, _Normal, support=support)
    case = cls("test_mean_cpu")
    case.setUp()
    try:
        x = case.sample_for_test()
        assert x.shape == (3, 2, 3, 2)
        assert x.dtype == numpy.float32
        assert numpy.all(x > low) and numpy.all(x < high)
        assert numpy.unique(x).size == x.size  # random, not a constant
    finally:
        case.tearDown()


def test_default_sample_for_test_needs_a_known_support():
    cls = _configured(_NormalConfig, _Normal, support="[0, n]")
    case = cls("test_mean_cpu")
    case.setUp()
    try:
        with pytest.raises(NotImplementedError, match="sample_for_test"):
            case.sample_for_test()
    finally:
        case.tearDown()


_REFERENCE_TARGETS = [
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
]


def test_method_list_matches_chainer_v7():
    assert sorted(distribution_test.TEST_TARGETS) == _REFERENCE_TARGETS
    names = set(dir(distribution_test.distribution_unittest))
    for target in _REFERENCE_TARGETS:
        assert f"test_{target}_cpu" in names
        assert f"test_{target}_gpu" in names
    for check in [
        "check_cdf",
        "check_entropy",
        "check_icdf",
        "check_log_cdf",
        "check_log_prob",
        "check_log_survival",
        "check_mean",
        "check_prob",
        "check_sample",
        "check_stddev",
        "check_survival",
        "check_variance",
        "scipy_onebyone_params_iter",
        "setUp",
        "cpu_dist",
        "gpu_dist",
    ]:
        assert check in names
    assert issubclass(distribution_test.distribution_unittest, unittest.TestCase)
    assert sorted(n for n in names if n.startswith("test_")) == sorted(
        f"test_{t}_{d}" for t in _REFERENCE_TARGETS for d in ("cpu", "gpu")
    )


def test_gpu_tests_carry_the_gpu_mark():
    for target in _REFERENCE_TARGETS:
        gpu_marks = getattr(
            getattr(distribution_test.distribution_unittest, f"test_{target}_gpu"), "pytestmark", []
        )
        cpu_marks = getattr(
            getattr(distribution_test.distribution_unittest, f"test_{target}_cpu"), "pytestmark", []
        )
        assert [m.name for m in gpu_marks] == ["gpu"]
        assert cpu_marks == []
    # parameterize keeps the mark on the generated classes' methods
    generated = [v for k, v in globals().items() if k.startswith("TestNormal_param_")]
    assert generated
    assert [m.name for m in generated[0].test_mean_gpu.pytestmark] == ["gpu"]


def test_gpu_tests_skip_without_a_gpu(monkeypatch):
    monkeypatch.setattr(attr, "_gpu_count", lambda: 0)
    cls = _configured(_NormalConfig, _Normal)
    outcome, reason = _run(cls, "test_mean_gpu")
    assert outcome == "skip"
    assert "GPU" in reason


def test_gpu_tests_skip_under_a_zero_gpu_limit(monkeypatch):
    monkeypatch.setattr(attr, "_gpu_count", lambda: 1)
    monkeypatch.setenv("CHAINER_TEST_GPU_LIMIT", "0")
    cls = _configured(_NormalConfig, _Normal)
    outcome, reason = _run(cls, "test_mean_gpu")
    assert outcome == "skip"
