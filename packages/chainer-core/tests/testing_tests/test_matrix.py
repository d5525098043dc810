"""chainer.testing.generate_matrix."""

import numpy
import pytest

from chainer import testing


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 5), (3, 4, 2)])
@pytest.mark.parametrize("dtype", [numpy.float32, numpy.float64, numpy.complex128])
def test_singular_values(shape, dtype):
    k = min(shape[-2:])
    sv = numpy.arange(1, k + 1, dtype=numpy.float64)[::-1] * 2
    a = testing.generate_matrix(shape, dtype=dtype, singular_values=sv)
    assert a.shape == shape
    assert a.dtype == dtype
    s = numpy.linalg.svd(a, compute_uv=False)
    rtol = 1e-5 if numpy.dtype(dtype) == numpy.float32 else 1e-10
    numpy.testing.assert_allclose(s, numpy.broadcast_to(sv, s.shape), rtol=rtol)


def test_batched_singular_values_per_matrix():
    sv = numpy.array([[3.0, 1.0], [5.0, 0.0]])
    a = testing.generate_matrix((2, 2, 2), singular_values=sv)
    numpy.testing.assert_allclose(numpy.linalg.svd(a, compute_uv=False), sv, atol=1e-12)


def test_scalar_singular_value_broadcasts():
    a = testing.generate_matrix((3, 3), singular_values=2.0)
    numpy.testing.assert_allclose(numpy.linalg.svd(a, compute_uv=False), [2.0] * 3)


def test_is_random_but_reproducible():
    numpy.random.seed(0)  # noqa: NPY002
    a = testing.generate_matrix((3, 3), singular_values=[1, 1, 1])
    b = testing.generate_matrix((3, 3), singular_values=[1, 1, 1])
    numpy.random.seed(0)  # noqa: NPY002
    c = testing.generate_matrix((3, 3), singular_values=[1, 1, 1])
    assert not numpy.allclose(a, b)
    numpy.testing.assert_array_equal(a, c)


def test_empty_shape():
    a = testing.generate_matrix((0, 3), singular_values=[])
    assert a.shape == (0, 3)


@pytest.mark.parametrize(
    "shape, kwargs, error",
    [
        ((3,), {"singular_values": [1]}, ValueError),
        ((3, 3), {}, TypeError),
        ((3, 3), {"singular_values": [1, 1, 1], "foo": 1}, TypeError),
        ((3, 3), {"singular_values": [1, -1, 1]}, ValueError),
        ((3, 3), {"singular_values": [1j, 1, 1]}, TypeError),
        ((3, 3), {"singular_values": [1, 1]}, ValueError),
        ((3, 3), {"singular_values": [1, 1, 1], "dtype": numpy.int32}, TypeError),
    ],
)
def test_invalid_arguments(shape, kwargs, error):
    with pytest.raises(error):
        testing.generate_matrix(shape, **kwargs)
