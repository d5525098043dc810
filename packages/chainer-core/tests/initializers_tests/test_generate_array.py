# ruff: noqa: NPY002  (the global NumPy RNG is the behaviour under test)
import numpy
import pytest

import chainer
from chainer import initializers
from chainer.backends import cuda
from chainer.initializers import _get_initializer


def test_dtype_from_argument_initializer_and_config():
    a = initializers.generate_array(initializers.One(), (2, 3), numpy, dtype=numpy.float16)
    assert a.dtype == numpy.float16 and a.shape == (2, 3) and (a == 1).all()
    b = initializers.generate_array(initializers.Zero(dtype=numpy.float64), (2,), numpy)
    assert b.dtype == numpy.float64
    c = initializers.generate_array(initializers.Zero(), 4, numpy)
    assert c.dtype == numpy.float32 and c.shape == (4,)
    with chainer.using_config("dtype", numpy.float16):
        d = initializers.generate_array(initializers.Zero(), (1,), numpy)
    assert d.dtype == numpy.float16


def test_dtype_conflict():
    with pytest.raises(ValueError, match="mismatch"):
        initializers.generate_array(
            initializers.Zero(dtype=numpy.float64), (2,), numpy, dtype=numpy.float32
        )


def test_device_argument():
    a = initializers.generate_array(initializers.One(), (2,), numpy, device="@numpy")
    assert isinstance(a, numpy.ndarray)
    a = initializers.generate_array(
        initializers.One(), (2,), numpy, device=chainer.get_device("@numpy")
    )
    assert isinstance(a, numpy.ndarray)


def test_plain_callable_initializer():
    def fill(array):
        array[...] = numpy.arange(array.size).reshape(array.shape)

    a = initializers.generate_array(fill, (2, 2), numpy)
    numpy.testing.assert_array_equal(a, [[0, 1], [2, 3]])


def test_get_initializer():
    assert isinstance(_get_initializer(None), initializers.LeCunNormal)
    c = _get_initializer(2.0)
    assert isinstance(c, initializers.Constant) and c.fill_value == 2.0
    arr = numpy.ones(3)
    assert _get_initializer(arr).fill_value is arr
    h = initializers.HeNormal()
    assert _get_initializer(h) is h
    with pytest.raises(TypeError):
        _get_initializer("x")


def test_parameter_uses_initializers():
    p = chainer.Parameter(initializers.Constant(3.0), (2,))
    numpy.testing.assert_array_equal(p.array, [3.0, 3.0])
    q = chainer.Parameter(shape=(2,))
    assert numpy.isnan(q.array).all()


@pytest.mark.gpu
def test_generate_on_gpu():
    if not cuda.available:
        pytest.skip("no GPU")
    cupy = cuda.cupy
    numpy.random.seed(0)
    a = initializers.generate_array(
        initializers.HeNormal(), (256, 128), cupy, dtype=numpy.float16, device="@cupy:0"
    )
    assert isinstance(a, cupy.ndarray) and a.dtype == numpy.float16
    assert float(a.astype(numpy.float64).std()) == pytest.approx((2 / 128) ** 0.5, rel=0.05)
    b = initializers.generate_array(initializers.Orthogonal(), (4, 4), cupy, device="@cupy:0")
    numpy.testing.assert_allclose(cupy.asnumpy(b @ b.T), 1.21 * numpy.eye(4), atol=1e-5)
    c = initializers.generate_array(initializers.Constant(numpy.arange(3.0)), (2, 3), cupy)
    numpy.testing.assert_array_equal(cupy.asnumpy(c), [[0, 1, 2], [0, 1, 2]])
