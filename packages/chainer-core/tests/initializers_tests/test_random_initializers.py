# ruff: noqa: NPY002  (the global NumPy RNG is the behaviour under test)
import math

import numpy
import pytest

from chainer import initializers
from chainer.initializer import get_fans

SHAPE = (200, 100, 3, 3)  # fan_in = 900, fan_out = 1800
FAN_IN, FAN_OUT = 900, 1800


def _fill(init, shape=SHAPE, dtype=numpy.float64):
    a = numpy.empty(shape, dtype=dtype)
    init(a)
    return a


def test_get_fans():
    assert get_fans(SHAPE) == (FAN_IN, FAN_OUT)
    assert get_fans((3, 5)) == (5, 3)
    with pytest.raises(ValueError):
        get_fans((5,))
    with pytest.raises(ValueError):
        get_fans([3, 5])


@pytest.mark.parametrize(
    "init,std",
    [
        (initializers.Normal(0.3), 0.3),
        (initializers.LeCunNormal(), math.sqrt(1 / FAN_IN)),
        (initializers.LeCunNormal(scale=2.0), 2 * math.sqrt(1 / FAN_IN)),
        (initializers.GlorotNormal(), math.sqrt(2 / (FAN_IN + FAN_OUT))),
        (initializers.HeNormal(), math.sqrt(2 / FAN_IN)),
        (initializers.HeNormal(fan_option="fan_out"), math.sqrt(2 / FAN_OUT)),
        (initializers.HeNormal(scale=0.5), 0.5 * math.sqrt(2 / FAN_IN)),
    ],
)
def test_normal_statistics(init, std):
    numpy.random.seed(0)
    a = _fill(init)
    assert abs(a.mean()) < 0.02 * std
    assert a.std() == pytest.approx(std, rel=0.01)


@pytest.mark.parametrize(
    "init,bound",
    [
        (initializers.Uniform(0.3), 0.3),
        (initializers.LeCunUniform(), math.sqrt(3 / FAN_IN)),
        (initializers.GlorotUniform(), math.sqrt(6 / (FAN_IN + FAN_OUT))),
        (initializers.GlorotUniform(scale=3.0), 3 * math.sqrt(6 / (FAN_IN + FAN_OUT))),
        (initializers.HeUniform(), math.sqrt(6 / FAN_IN)),
    ],
)
def test_uniform_statistics(init, bound):
    numpy.random.seed(1)
    a = _fill(init)
    assert a.min() >= -bound and a.max() <= bound
    assert a.min() < -0.99 * bound and a.max() > 0.99 * bound
    # Uniform on [-b, b): std = b / sqrt(3)
    assert a.std() == pytest.approx(bound / math.sqrt(3), rel=0.01)


def test_global_seed_reproducible():
    numpy.random.seed(5)
    a = _fill(initializers.GlorotNormal(), (20, 30))
    numpy.random.seed(5)
    b = _fill(initializers.GlorotNormal(), (20, 30))
    numpy.testing.assert_array_equal(a, b)


def test_rng_argument_used():
    a = _fill(initializers.HeNormal(rng=numpy.random.RandomState(3)), (20, 30))
    b = _fill(initializers.HeNormal(rng=numpy.random.RandomState(3)), (20, 30))
    numpy.testing.assert_array_equal(a, b)
    expected = numpy.random.RandomState(3).normal(0.0, math.sqrt(2 / 30), size=(20, 30))
    numpy.testing.assert_allclose(a, expected)


def test_rng_generator_uniform():
    a = _fill(initializers.Uniform(0.5, rng=numpy.random.default_rng(0)), (10,))
    expected = numpy.random.default_rng(0).uniform(-0.5, 0.5, size=(10,))
    numpy.testing.assert_allclose(a, expected)


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_float_dtypes(dtype):
    numpy.random.seed(0)
    a = _fill(initializers.Normal(0.5), (300, 300), dtype=dtype)
    assert a.dtype == dtype
    assert numpy.isfinite(a).all()
    assert float(a.astype(numpy.float64).std()) == pytest.approx(0.5, rel=0.02)


def test_fan_initializers_need_2d():
    with pytest.raises(ValueError):
        _fill(initializers.LeCunNormal(), (10,))


def test_bad_fan_option_and_kwargs():
    with pytest.raises(ValueError):
        initializers.HeNormal(fan_option="fan_avg")
    with pytest.raises(TypeError):
        initializers.Normal(0.1, seed=3)


def test_dtype_mismatch():
    with pytest.raises(ValueError):
        initializers.Normal(dtype=numpy.float16)(numpy.empty(3, dtype=numpy.float32))
