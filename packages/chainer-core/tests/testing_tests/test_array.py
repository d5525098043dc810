"""chainer.testing.assert_allclose."""

import numpy
import pytest

from chainer import testing


class FakeVariable:
    def __init__(self, array):
        self.array = array


def test_close_values_pass():
    x = numpy.array([1.0, 2.0, 3.0], numpy.float32)
    testing.assert_allclose(x, x + 1e-6)
    testing.assert_allclose(FakeVariable(x), x)
    testing.assert_allclose(1.0, numpy.float64(1.0 + 1e-7))
    testing.assert_allclose([1, 2], numpy.array([1, 2]))


def test_tolerances():
    testing.assert_allclose(numpy.array([100.0]), numpy.array([100.5]), atol=0, rtol=1e-2)
    with pytest.raises(AssertionError):
        testing.assert_allclose(numpy.array([100.0]), numpy.array([100.5]), atol=0, rtol=1e-3)
    testing.assert_allclose(numpy.array([0.0]), numpy.array([0.05]), atol=0.1, rtol=0)


def test_failure_message_points_to_worst_element():
    x = numpy.zeros((2, 3), numpy.float32)
    y = numpy.zeros((2, 3), numpy.float64)
    x[0, 1] = 0.5
    x[1, 2] = 2.0
    with pytest.raises(AssertionError) as e:
        testing.assert_allclose(x, y, atol=1e-3, rtol=0)
    message = str(e.value)
    assert "assert_allclose failed:" in message
    assert "  shape: (2, 3) (2, 3)" in message
    assert "  dtype: float32 float64" in message
    assert "  i: (1, 2)" in message
    assert "  x[i]: 2.0" in message
    assert "  y[i]: 0.0" in message
    assert "  absolute error[i]: 2.0" in message
    assert "  relative error[i]: inf" in message
    assert "x: [[0.  0.5 0. ]" in message


def test_shape_mismatch_message():
    with pytest.raises(AssertionError) as e:
        testing.assert_allclose(numpy.zeros(3), numpy.zeros(4))
    assert "  shape: (3,) (4,)" in str(e.value)
    assert "  i:" not in str(e.value)


def test_nan_is_reported():
    with pytest.raises(AssertionError) as e:
        testing.assert_allclose(numpy.array([1.0, numpy.nan]), numpy.array([1.0, 1.0]))
    assert "  i: (1,)" in str(e.value)


def test_not_verbose_omits_arrays():
    with pytest.raises(AssertionError) as e:
        testing.assert_allclose(numpy.zeros(2), numpy.ones(2), verbose=False)
    assert "\nx: " not in str(e.value)


@pytest.mark.gpu
def test_cupy_arrays():
    cupy = pytest.importorskip("cupy")
    try:
        x = cupy.arange(3, dtype=cupy.float32)
    except Exception as e:  # no usable GPU
        pytest.skip(str(e))
    testing.assert_allclose(x, numpy.arange(3, dtype=numpy.float32))
    with pytest.raises(AssertionError):
        testing.assert_allclose(x, numpy.zeros(3))
