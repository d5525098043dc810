import pytest

from chainer import dataset
from chainer.dataset import iterator


def test_exported_from_chainer_dataset():
    assert dataset.Iterator is iterator.Iterator


def test_next_is_abstract():
    it = dataset.Iterator()
    with pytest.raises(NotImplementedError):
        next(it)
    with pytest.raises(NotImplementedError):
        it.next()


class CountDown(dataset.Iterator):
    def __init__(self, n):
        self.n = n
        self.finalized = 0

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return [self.n]

    def finalize(self):
        self.finalized += 1


def test_subclass_iterates_and_next_alias():
    it = CountDown(3)
    assert iter(it) is it
    assert it.next() == [2]
    assert list(it) == [[1], [0]]


def test_context_manager_finalizes_even_on_error():
    it = CountDown(1)
    with pytest.raises(RuntimeError), it as entered:
        assert entered is it
        raise RuntimeError("boom")
    assert it.finalized == 1


def test_defaults_do_nothing():
    it = dataset.Iterator()
    assert it.finalize() is None
    assert it.serialize(object()) is None
