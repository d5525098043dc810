import numpy
import pytest

from chainer import dataset, datasets


def test_integer_and_batch_indexes():
    x = numpy.arange(10).reshape(5, 2)
    t = numpy.arange(5)
    ds = datasets.DictDataset(x=x, t=t)
    assert len(ds) == 5
    ex = ds[3]
    assert set(ex) == {"x", "t"}
    numpy.testing.assert_array_equal(ex["x"], [6, 7])
    assert ex["t"] == 3
    batch = ds[1:4]
    assert [e["t"] for e in batch] == [1, 2, 3]
    assert [e["t"] for e in ds[[4, 0]]] == [4, 0]
    converted = dataset.concat_examples(ds[[0, 2]])
    numpy.testing.assert_array_equal(converted["x"], [[0, 1], [4, 5]])


def test_errors():
    with pytest.raises(ValueError, match="at least one"):
        datasets.DictDataset()
    with pytest.raises(ValueError, match="'b' has length 1"):
        datasets.DictDataset(a=[1, 2], b=[1])
