# ruff: noqa: NPY002  (the global NumPy RNG is the behaviour under test)
import numpy
import pytest

from chainer import initializers


@pytest.mark.parametrize("shape", [(4, 4), (3, 7), (7, 3), (3, 2, 2)])
@pytest.mark.parametrize("scale", [1.0, 1.1, 2.0])
def test_orthogonal_rows_or_columns(shape, scale):
    numpy.random.seed(0)
    a = numpy.empty(shape, dtype=numpy.float64)
    initializers.Orthogonal(scale=scale)(a)
    w = a.reshape(shape[0], -1)
    if w.shape[0] <= w.shape[1]:
        gram = w @ w.T
    else:
        gram = w.T @ w
    numpy.testing.assert_allclose(gram, scale**2 * numpy.eye(len(gram)), atol=1e-10)


def test_orthogonal_default_scale_and_float32():
    a = numpy.empty((5, 5), dtype=numpy.float32)
    initializers.Orthogonal()(a)
    numpy.testing.assert_allclose(a @ a.T, 1.21 * numpy.eye(5), atol=1e-5)


def test_orthogonal_scalar():
    a = numpy.empty((), dtype=numpy.float32)
    initializers.Orthogonal(scale=3.0)(a)
    assert abs(float(a)) == 3.0


@pytest.mark.parametrize(
    "mode,shape,ok",
    [
        ("projection", (3, 5), True),
        ("projection", (5, 3), False),
        ("embedding", (5, 3), True),
        ("embedding", (3, 5), False),
        ("basis", (4, 4), True),
        ("basis", (4, 5), False),
        ("auto", (5, 3), True),
    ],
)
def test_orthogonal_modes(mode, shape, ok):
    init = initializers.Orthogonal(mode=mode)
    a = numpy.empty(shape, dtype=numpy.float64)
    if ok:
        init(a)
    else:
        with pytest.raises(ValueError):
            init(a)


def test_orthogonal_errors():
    with pytest.raises(ValueError):
        initializers.Orthogonal(mode="nope")
    with pytest.raises(ValueError):
        initializers.Orthogonal()(numpy.empty((0, 3)))


def test_orthogonal_rng_reproducible():
    a = numpy.empty((3, 4))
    b = numpy.empty((3, 4))
    initializers.Orthogonal(rng=numpy.random.RandomState(2))(a)
    initializers.Orthogonal(rng=numpy.random.RandomState(2))(b)
    numpy.testing.assert_array_equal(a, b)


def test_upsampling_filter_values():
    a = numpy.empty((2, 2, 4, 4), dtype=numpy.float32)
    initializers.UpsamplingDeconvFilter()(a)
    tent = numpy.array([0.25, 0.75, 0.75, 0.25])
    numpy.testing.assert_allclose(a[0, 0], numpy.outer(tent, tent))
    numpy.testing.assert_allclose(a[1, 1], numpy.outer(tent, tent))
    assert (a[0, 1] == 0).all() and (a[1, 0] == 0).all()


def test_upsampling_filter_odd_and_3d():
    a = numpy.empty((1, 1, 3, 3, 3))
    initializers.UpsamplingDeconvFilter()(a)
    tent = numpy.array([0.5, 1.0, 0.5])
    numpy.testing.assert_allclose(a[0, 0], numpy.einsum("i,j,k->ijk", tent, tent, tent))


def test_downsampling_filter_sums_to_one_and_depthwise():
    a = numpy.empty((3, 1, 4, 4))
    initializers.DownsamplingConvFilter()(a)
    for c in range(3):
        assert a[c, 0].sum() == pytest.approx(1.0)
    numpy.testing.assert_allclose(a[0, 0], a[2, 0])


@pytest.mark.parametrize("shape", [(2, 3, 4, 4), (2, 2, 3, 4), (2, 2)])
def test_sampling_filter_bad_shapes(shape):
    with pytest.raises(ValueError):
        initializers.UpsamplingDeconvFilter()(numpy.empty(shape))


def test_sampling_filter_bad_interpolation():
    with pytest.raises(ValueError):
        initializers.DownsamplingConvFilter(interpolation="cubic")
