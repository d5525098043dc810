import pytest

from chainer import datasets


def test_transform_dataset_applies_on_each_access():
    calls = []

    def double(x):
        calls.append(x)
        return x * 2

    ds = datasets.TransformDataset([1, 2, 3], double)
    assert len(ds) == 3
    assert calls == []  # nothing precomputed
    assert ds[1] == 4 and ds[1] == 4
    assert calls == [2, 2]
    assert ds[0:3] == [2, 4, 6]
    with pytest.raises(IndexError):
        ds[3]


def test_concatenated_dataset():
    ds = datasets.ConcatenatedDataset([0, 1], [], [2, 3, 4], [5])
    assert len(ds) == 6
    assert [ds[i] for i in range(6)] == [0, 1, 2, 3, 4, 5]
    assert ds[-1] == 5 and ds[-6] == 0
    assert ds[1:5] == [1, 2, 3, 4]
    for bad in (6, -7):
        with pytest.raises(IndexError):
            ds[bad]
    assert len(datasets.ConcatenatedDataset()) == 0
