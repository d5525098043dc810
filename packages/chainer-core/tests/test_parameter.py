"""Parameter: initialization from arrays, scalars and initializers, lazily or at once."""

import pickle

import numpy
import pytest

import chainer
from chainer import initializers


def test_from_array_is_initialized():
    a = numpy.arange(3, dtype=numpy.float32)
    p = chainer.Parameter(a, name="w")
    assert p.is_initialized and p.array is a and p.name == "w"


def test_scalar_initializer_with_shape():
    p = chainer.Parameter(2.5, (2, 2))
    numpy.testing.assert_array_equal(p.array, numpy.full((2, 2), 2.5, numpy.float32))


def test_lazy_initialization_uses_initializer_and_dtype():
    p = chainer.Parameter(initializers.Constant(1.5, dtype=numpy.float64))
    assert not p.is_initialized
    assert p.dtype == numpy.float64
    p.initialize((3,))
    numpy.testing.assert_array_equal(p.array, [1.5, 1.5, 1.5])
    assert p.array.dtype == numpy.float64
    assert p.grad is None


def test_default_initializer_is_nan():
    p = chainer.Parameter(shape=(2,))
    assert numpy.isnan(p.array).all()


def test_default_dtype_follows_config():
    with chainer.using_config("dtype", numpy.float16):
        p = chainer.Parameter(initializers.Zero(), (2,))
    assert p.dtype == numpy.float16


def test_bad_initializer_type():
    with pytest.raises(TypeError, match="initializer"):
        chainer.Parameter(initializer="zeros")


def test_update_calls_update_rule():
    calls = []

    class Rule:
        def update(self, param):
            calls.append(param)

    p = chainer.Parameter(numpy.zeros(2, numpy.float32))
    p.update()
    assert calls == []
    p.update_rule = Rule()
    p.update()
    assert calls == [p]


def test_pickle_round_trip():
    p = chainer.Parameter(numpy.arange(3, dtype=numpy.float32), name="b")
    p.grad = numpy.ones(3, numpy.float32)
    q = pickle.loads(pickle.dumps(p))
    numpy.testing.assert_array_equal(q.array, p.array)
    numpy.testing.assert_array_equal(q.grad, p.grad)
    assert q.name == "b"


def test_parameter_in_graph_gets_gradient():
    p = chainer.Parameter(numpy.array([1.0, 2.0], numpy.float32))
    x = numpy.array([3.0, 4.0], numpy.float32)
    chainer.functions.sum(p * x).backward()
    numpy.testing.assert_array_equal(p.grad, x)


def test_only_the_natural_layout_is_accepted():
    assert chainer.Parameter(numpy.zeros(2, numpy.float32), layout=None).layout is None
    with pytest.raises(ValueError, match="layout 'NHWC' is not supported"):
        chainer.Parameter(numpy.zeros(2, numpy.float32), layout="NHWC")
