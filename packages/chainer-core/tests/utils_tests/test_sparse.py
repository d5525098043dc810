"""chainer.utils.sparse: CooMatrix, to_coo and get_order."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.utils.sparse import CooMatrix, get_order, to_coo


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_to_coo_matrix(dtype):
    x = numpy.array([[0, 2, 0], [-1, 0, 0]], dtype)
    sp = to_coo(x)
    assert isinstance(sp.data, chainer.Variable)
    assert not sp.data.requires_grad
    assert sp.data.dtype == dtype
    numpy.testing.assert_array_equal(sp.data.array, numpy.array([2, -1], dtype))
    assert sp.row.dtype == numpy.int32 and sp.col.dtype == numpy.int32
    numpy.testing.assert_array_equal(sp.row, [0, 1])
    numpy.testing.assert_array_equal(sp.col, [1, 0])
    assert sp.shape == (2, 3)
    assert sp.order == "C"
    numpy.testing.assert_array_equal(sp.to_dense(), x)
    assert sp.to_dense().dtype == dtype


def test_to_coo_pads_to_ldnz():
    x = numpy.array([[0, 2.0], [0, 0]], numpy.float32)
    sp = to_coo(x, ldnz=3, requires_grad=True)
    assert sp.data.requires_grad
    numpy.testing.assert_array_equal(sp.data.array, [2, 0, 0])
    numpy.testing.assert_array_equal(sp.row, [0, -1, -1])
    numpy.testing.assert_array_equal(sp.col, [1, -1, -1])
    numpy.testing.assert_array_equal(sp.to_dense(), x)
    # ldnz below the number of non-zeros is raised to it.
    assert to_coo(x, ldnz=0).data.shape == (1,)


def test_to_coo_batch():
    x = numpy.zeros((3, 2, 3), numpy.float32)
    x[0, 0, 1] = 1
    x[0, 1, 2] = 2
    x[2, 1, 0] = 3
    sp = to_coo(x)
    assert sp.shape == (2, 3)
    assert sp.data.shape == sp.row.shape == sp.col.shape == (3, 2)
    numpy.testing.assert_array_equal(sp.data.array, [[1, 2], [0, 0], [3, 0]])
    numpy.testing.assert_array_equal(sp.row, [[0, 1], [-1, -1], [1, -1]])
    numpy.testing.assert_array_equal(sp.col, [[1, 2], [-1, -1], [0, -1]])
    numpy.testing.assert_array_equal(sp.to_dense(), x)
    assert to_coo(x, ldnz=4).data.shape == (3, 4)


def test_to_dense_adds_repeated_entries():
    data = numpy.array([1.0, 2.0, 5.0, 7.0])
    row = numpy.array([0, 0, 1, -1], numpy.int32)
    col = numpy.array([1, 1, 0, -1], numpy.int32)
    dense = CooMatrix(data, row, col, (2, 2)).to_dense()
    numpy.testing.assert_array_equal(dense, [[0, 3], [5, 0]])


@pytest.mark.parametrize(
    "row, col, order",
    [
        ([0, 0, 1, 2], [0, 2, 1, 0], "C"),
        ([0, 1, 0, 2], [0, 0, 1, 2], "F"),
        ([1, 0, 2], [0, 1, 0], "other"),
        ([0, 1, -1, -1], [1, 0, -1, -1], "C"),
        ([0], [3], "C"),
        ([], [], "C"),
        ([[0, 1], [1, 0]], [[0, 1], [0, 1]], "F"),
        ([[0, 1], [0, 0]], [[1, 0], [0, 1]], "C"),
        ([[0, 1], [1, 0]], [[0, 0], [1, 1]], "other"),
    ],
)
def test_get_order(row, col, order):
    assert get_order(numpy.array(row, numpy.int32), numpy.array(col, numpy.int32)) == order


def test_get_order_invalid_padding():
    with pytest.raises(ValueError, match="invalid index combination of row and col"):
        get_order(numpy.array([0, -1], numpy.int32), numpy.array([0, 1], numpy.int32))


def test_get_order_shape_mismatch():
    with pytest.raises(ValueError, match="row and col must have one shape"):
        get_order(numpy.zeros(2, numpy.int32), numpy.zeros(3, numpy.int32))


def test_order_given_is_kept():
    sp = CooMatrix(
        numpy.ones(2, numpy.float32),
        numpy.array([1, 0], numpy.int32),
        numpy.array([0, 1], numpy.int32),
        (2, 2),
        order="other",
    )
    assert sp.order == "other"


_I = numpy.array([0, 1], numpy.int32)
_D = numpy.ones(2, numpy.float32)


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        ((numpy.ones((1, 1, 2)), _I, _I, (2, 2)), {}, ValueError, "data must be 1-D or 2-D"),
        ((_D, _I[None], _I[None], (2, 2)), {}, ValueError, "data, row and col must have one shape"),
        ((_D, _I, _I, (2,)), {}, ValueError, "shape must be a pair of ints"),
        ((_D, _I, _I, (2, 0)), {}, ValueError, "must be positive"),
        (
            (_D, _I, _I, (2, 2)),
            {"order": "X"},
            ValueError,
            "order must be 'C', 'F', 'other' or None",
        ),
        ((_D, _I, _I + 1, (2, 2)), {}, ValueError, "out of range for shape"),
        (
            (_D, _I.astype(numpy.float32), _I, (2, 2)),
            {},
            TypeError,
            "row must hold signed integers",
        ),
        (
            (chainer.Variable(_D), _I, _I, (2, 2)),
            {},
            TypeError,
            "data must be an array, not a Variable",
        ),
        (([1.0, 2.0], _I, _I, (2, 2)), {}, TypeError, "data must be a NumPy or CuPy array"),
    ],
)
def test_coo_matrix_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        CooMatrix(*args, **kwargs)


@pytest.mark.parametrize(
    "x, kwargs, error, match",
    [
        (numpy.ones(3), {}, ValueError, "x must be 2-D or 3-D"),
        (numpy.ones((2, 2)), {"ldnz": -1}, ValueError, "ldnz must be None or a non-negative int"),
        (chainer.Variable(numpy.ones((2, 2))), {}, TypeError, "x must be an array"),
    ],
)
def test_to_coo_bad_arguments(x, kwargs, error, match):
    with pytest.raises(error, match=match):
        to_coo(x, **kwargs)


def test_roundtrip_random_batch():
    x = numpy.random.RandomState(0).uniform(-1, 1, (2, 4, 3))
    x[x < 0.3] = 0
    testing.assert_allclose(to_coo(x, ldnz=20).to_dense(), x, atol=0)
