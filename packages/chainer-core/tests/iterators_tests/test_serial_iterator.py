"""SerialIterator details not covered by test_iterator_common."""

import numpy
import pytest

from chainer import dataset, iterators


def test_is_a_dataset_iterator():
    it = iterators.SerialIterator(list(range(4)), 2)
    assert isinstance(it, dataset.Iterator)
    assert iter(it) is it
    assert it.repeat is True and it.batch_size == 2
    assert isinstance(it.order_sampler, iterators.ShuffleOrderSampler)


def test_next_alias_and_iteration():
    it = iterators.SerialIterator(list(range(5)), 2, repeat=False, shuffle=False)
    assert it.next() == [0, 1]
    assert list(it) == [[2, 3], [4]]


def test_shuffle_false_has_no_sampler():
    it = iterators.SerialIterator(list(range(5)), 2, shuffle=False)
    assert it.order_sampler is None


def test_examples_are_returned_as_the_dataset_gives_them():
    data = [(numpy.full(2, i), i) for i in range(4)]
    it = iterators.SerialIterator(data, 3, shuffle=False)
    batch = it.next()
    assert batch[1] is data[1]


def test_dataset_error_skips_the_batch():
    class Fails:
        def __len__(self):
            return 6

        def __getitem__(self, i):
            if i == 3:
                raise IndexError("bad example")
            return i

    it = iterators.SerialIterator(Fails(), 2, shuffle=False)
    assert next(it) == [0, 1]
    with pytest.raises(IndexError, match="bad example"):
        next(it)
    assert next(it) == [4, 5]


def test_finalize_and_context_manager_are_harmless():
    with iterators.SerialIterator(list(range(3)), 2) as it:
        next(it)
    it.finalize()
    next(it)


def test_indexes_with_python_ints():
    seen = []

    class Recorder:
        def __len__(self):
            return 3

        def __getitem__(self, i):
            seen.append(type(i))
            return i

    next(iterators.SerialIterator(Recorder(), 3))
    assert seen == [int, int, int]
