"""MultithreadIterator details not covered by test_iterator_common."""

import threading
import time

import pytest

from chainer import iterators


class Recording:
    def __init__(self, n, delay=0.0):
        self.n = n
        self.delay = delay
        self.threads = set()
        self.loaded = []

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        self.threads.add(threading.get_ident())
        time.sleep(self.delay)
        self.loaded.append(i)
        return i


def test_loads_in_worker_threads_and_prefetches():
    data = Recording(12, delay=0.01)
    it = iterators.MultithreadIterator(data, 4, shuffle=False, n_threads=3)
    try:
        assert next(it) == [0, 1, 2, 3]
        # The next batch loads without another call.
        for _ in range(500):
            if len(data.loaded) == 8:
                break
            time.sleep(0.01)
        assert sorted(data.loaded) == list(range(8))
        assert threading.get_ident() not in data.threads
        assert len(data.threads) > 1
        assert next(it) == [4, 5, 6, 7]
    finally:
        it.finalize()


def test_dataset_error_propagates_and_skips_the_batch():
    class Fails:
        def __len__(self):
            return 6

        def __getitem__(self, i):
            if i == 3:
                raise IndexError("bad example")
            return i

    it = iterators.MultithreadIterator(Fails(), 2, shuffle=False, n_threads=2)
    try:
        assert next(it) == [0, 1]
        with pytest.raises(IndexError, match="bad example"):
            next(it)
        assert next(it) == [4, 5]
    finally:
        it.finalize()


def test_finalize_stops_threads_and_allows_reuse():
    it = iterators.MultithreadIterator(list(range(10)), 3, shuffle=False, n_threads=2)
    assert next(it) == [0, 1, 2]
    it.finalize()
    assert it._executor is None
    assert next(it) == [3, 4, 5]  # the prefetched batch is loaded again
    it.finalize()
    it.finalize()


@pytest.mark.parametrize("n_threads", [0, -2, 1.5])
def test_bad_n_threads(n_threads):
    with pytest.raises((TypeError, ValueError), match="n_threads"):
        iterators.MultithreadIterator(list(range(3)), 2, n_threads=n_threads)
