import numpy
import pytest

import chainer
from chainer import initializers


def test_constant_scalar_fills_and_casts():
    a = numpy.empty((2, 3), dtype=numpy.int32)
    initializers.Constant(2.7)(a)
    numpy.testing.assert_array_equal(a, numpy.full((2, 3), 2, dtype=numpy.int32))


def test_constant_array_broadcasts():
    a = numpy.empty((2, 3), dtype=numpy.float32)
    initializers.Constant(numpy.array([1.0, 2.0, 3.0]))(a)
    numpy.testing.assert_array_equal(a, [[1, 2, 3], [1, 2, 3]])


def test_constant_rejects_bad_fill_value():
    with pytest.raises(ValueError):
        initializers.Constant([1, 2])
    with pytest.raises(ValueError):
        initializers.Constant("x")


def test_constant_dtype_mismatch():
    init = initializers.Constant(1.0, dtype=numpy.float16)
    with pytest.raises(ValueError, match="float16"):
        init(numpy.empty(3, dtype=numpy.float32))


@pytest.mark.parametrize(
    "cls,value", [(initializers.Zero, 0.0), (initializers.One, 1.0), (initializers.NaN, numpy.nan)]
)
def test_named_constants(cls, value):
    a = numpy.full((4,), 7.0, dtype=numpy.float64)
    cls()(a)
    numpy.testing.assert_array_equal(a, numpy.full((4,), value))
    assert cls(dtype=numpy.float16).dtype == numpy.float16


def test_identity():
    a = numpy.empty((3, 3), dtype=numpy.float32)
    initializers.Identity(scale=2.5)(a)
    numpy.testing.assert_array_equal(a, 2.5 * numpy.eye(3))


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 2, 2)])
def test_identity_rejects_non_square(shape):
    with pytest.raises(ValueError, match="square"):
        initializers.Identity()(numpy.empty(shape, dtype=numpy.float32))


def test_is_initializer_subclass():
    for name in initializers.__all__:
        obj = getattr(initializers, name)
        if isinstance(obj, type) and name != "Initializer":
            assert issubclass(obj, chainer.initializer.Initializer), name


def test_base_is_abstract():
    with pytest.raises(NotImplementedError):
        initializers.Initializer()(numpy.empty(2))
