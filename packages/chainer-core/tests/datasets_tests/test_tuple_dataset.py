import numpy
import pytest

from chainer import datasets


def _data():
    x = numpy.arange(12).reshape(6, 2)
    t = numpy.arange(6) * 10
    return x, t


def test_integer_index_gives_tuple():
    x, t = _data()
    ds = datasets.TupleDataset(x, t)
    assert len(ds) == 6
    a, b = ds[2]
    numpy.testing.assert_array_equal(a, [4, 5])
    assert b == 20
    assert ds[-1][1] == 50


@pytest.mark.parametrize("index", [slice(1, 5, 2), [3, 0], numpy.array([5, 1])])
def test_batch_index_gives_list_of_tuples(index):
    x, t = _data()
    ds = datasets.TupleDataset(x, t)
    rows = numpy.arange(6)[index]
    out = ds[index]
    assert isinstance(out, list) and len(out) == len(rows)
    for (a, b), row in zip(out, rows):
        numpy.testing.assert_array_equal(a, x[row])
        assert b == t[row]


def test_components_of_any_sequence_type():
    ds = datasets.TupleDataset(["a", "b", "c"], numpy.array([1, 2, 3]))
    assert ds[1] == ("b", 2)
    assert ds[0:2] == [("a", 1), ("b", 2)]


def test_single_component():
    ds = datasets.TupleDataset([1, 2, 3])
    assert ds[1] == (2,)


def test_errors():
    with pytest.raises(ValueError, match="at least one"):
        datasets.TupleDataset()
    with pytest.raises(ValueError, match="dataset 1 has length 2"):
        datasets.TupleDataset([1, 2, 3], [1, 2])
