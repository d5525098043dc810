import numpy
import pytest

from chainer import dataset


class Squares(dataset.DatasetMixin):
    def __init__(self, n):
        self.n = n
        self.calls = []

    def __len__(self):
        return self.n

    def get_example(self, i):
        self.calls.append(i)
        if not -self.n <= i < self.n:
            raise IndexError(i)
        return (i % self.n) ** 2


def test_integer_index():
    ds = Squares(5)
    assert ds[3] == 9
    assert ds[-1] == 16  # passed through to get_example


def test_slice_index():
    ds = Squares(6)
    assert ds[1:5:2] == [1, 9]
    assert ds[::-2] == [25, 9, 1]
    assert ds[10:] == []


def test_list_and_array_index():
    ds = Squares(5)
    assert ds[[4, 0, 2]] == [16, 0, 4]
    assert ds[numpy.array([1, 3])] == [1, 9]


def test_iteration_stops_at_index_error():
    assert list(Squares(3)) == [0, 1, 4]


def test_abstract_methods():
    ds = dataset.DatasetMixin()
    with pytest.raises(NotImplementedError):
        len(ds)
    with pytest.raises(NotImplementedError):
        ds.get_example(0)
