import warnings

import numpy
import pytest

from chainer import datasets

BASE = list(range(100, 110))


def _items(ds):
    return [ds[i] for i in range(len(ds))]


def test_range_and_negative_indexes():
    sub = datasets.SubDataset(BASE, 2, 6)
    assert len(sub) == 4
    assert _items(sub) == [102, 103, 104, 105]
    assert sub[-1] == 105 and sub[-4] == 102
    assert sub[1:3] == [103, 104]
    for bad in (4, -5):
        with pytest.raises(IndexError):
            sub[bad]


def test_with_order():
    order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    sub = datasets.SubDataset(BASE, 1, 4, order)
    assert _items(sub) == [108, 107, 106]
    assert sub[-1] == 106


def test_constructor_errors():
    with pytest.raises(ValueError, match="overruns"):
        datasets.SubDataset(BASE, 5, 11)
    with pytest.raises(ValueError, match="overruns"):
        datasets.SubDataset(BASE, -1, 3)
    with pytest.raises(ValueError, match="order has length 3"):
        datasets.SubDataset(BASE, 0, 3, [0, 1, 2])
    with pytest.raises(TypeError, match="start"):
        datasets.SubDataset(BASE, 0.5, 3)


def test_split_dataset():
    a, b = datasets.split_dataset(BASE, 3)
    assert _items(a) == BASE[:3] and _items(b) == BASE[3:]
    a, b = datasets.split_dataset(BASE, 2, order=list(reversed(range(10))))
    assert _items(a) == [109, 108] and len(b) == 8
    a, b = datasets.split_dataset(BASE, numpy.int64(10))
    assert len(a) == 10 and len(b) == 0
    with pytest.raises(TypeError, match="split_at"):
        datasets.split_dataset(BASE, 2.0)
    with pytest.raises(ValueError, match="non-negative"):
        datasets.split_dataset(BASE, -1)
    with pytest.raises(ValueError, match="exceeds"):
        datasets.split_dataset(BASE, 11)


def test_split_dataset_random_is_seeded_and_disjoint():
    a, b = datasets.split_dataset_random(BASE, 4, seed=0)
    order = numpy.random.RandomState(0).permutation(10)
    assert _items(a) == [BASE[i] for i in order[:4]]
    assert sorted(_items(a) + _items(b)) == BASE
    a2, _ = datasets.split_dataset_random(BASE, 4, seed=0)
    assert _items(a2) == _items(a)


def test_split_dataset_n():
    parts = datasets.split_dataset_n(BASE, 3)
    assert [_items(p) for p in parts] == [BASE[0:3], BASE[3:6], BASE[6:9]]  # 109 dropped
    parts = datasets.split_dataset_n_random(BASE, 2, seed=1)
    order = numpy.random.RandomState(1).permutation(10)
    assert [_items(p) for p in parts] == [
        [BASE[i] for i in order[:5]],
        [BASE[i] for i in order[5:]],
    ]
    with pytest.raises(ValueError, match="positive"):
        datasets.split_dataset_n(BASE, 0)


def test_cross_validation_folds():
    splits = datasets.get_cross_validation_datasets(BASE, 3)
    assert len(splits) == 3
    tests = [_items(test) for _, test in splits]
    # Fold sizes differ by at most one, the test sets partition the data, last fold first.
    assert tests == [BASE[6:10], BASE[3:6], BASE[0:3]]
    for train, test in splits:
        assert sorted(_items(train) + _items(test)) == BASE
    # Training subsets start with the examples that follow the test fold (wrapping around).
    assert _items(splits[1][0]) == BASE[6:10] + BASE[0:3]


def test_cross_validation_with_order_and_random():
    order = list(reversed(range(10)))
    splits = datasets.get_cross_validation_datasets(BASE, 2, order=order)
    assert _items(splits[0][1]) == [104, 103, 102, 101, 100]
    r1 = datasets.get_cross_validation_datasets_random(BASE, 5, seed=3)
    r2 = datasets.get_cross_validation_datasets_random(BASE, 5, seed=3)
    assert [_items(t) for _, t in r1] == [_items(t) for _, t in r2]
    assert sorted(sum((_items(t) for _, t in r1), [])) == BASE


def test_cross_validation_arguments():
    with pytest.warns(DeprecationWarning, match="n_fold"):
        splits = datasets.get_cross_validation_datasets(BASE, n_fold=2)
    assert len(splits) == 2
    with pytest.raises(TypeError, match="n_folds"):
        datasets.get_cross_validation_datasets(BASE)
    with pytest.raises(TypeError, match="unexpected"):
        datasets.get_cross_validation_datasets(BASE, 2, foo=1)
    with pytest.raises(ValueError, match="n_folds"):
        datasets.get_cross_validation_datasets(BASE, 11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        datasets.get_cross_validation_datasets(BASE, n_folds=2)
