"""MultiprocessIterator: shared memory, worker failures, interrupts and shutdown."""

import copy
import gc
import multiprocessing
import signal
import time
import warnings

import numpy
import pytest

from chainer.iterators import MultiprocessIterator, _multiprocess_pool

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="needs POSIX signals and timers"
)


class Slow:
    def __init__(self, seconds, n=8):
        self.seconds = seconds
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        time.sleep(self.seconds)
        return i


class Images:
    """Examples of several array layouts and dtypes; example i is filled with i."""

    def __len__(self):
        return 12

    def __getitem__(self, i):
        image = numpy.full((3, 5, 4), i, numpy.float32)
        return {
            "image": image,
            "fortran": numpy.asfortranarray(numpy.arange(6, dtype=numpy.int16).reshape(2, 3) + i),
            "strided": image[:, ::2, 1],
            "label": numpy.int32(i),
            "scalar_array": numpy.array(i, numpy.int64),
            "empty": numpy.zeros((0, 3), numpy.float64),
            "mask": numpy.arange(4) < i % 4,
            "record": numpy.array([(i, 0.5)], dtype=[("a", "i4"), ("b", "f8")]),
            "objects": numpy.array([str(i), None], dtype=object),
            "scalars": (numpy.float16(i / 2), numpy.complex64(1j * i), numpy.bool_(i % 2)),
            "name": f"example-{i}",
            "nested": [(numpy.full(2, i, numpy.uint8),)],
        }


def check_example(example, i):
    expected = Images()[i]
    assert example.keys() == expected.keys()
    for key in ("image", "fortran", "strided", "scalar_array", "empty", "mask", "record"):
        assert example[key].dtype == expected[key].dtype, key
        assert example[key].shape == expected[key].shape, key
        numpy.testing.assert_array_equal(example[key], expected[key], err_msg=key)
        assert example[key].flags.writeable, key
    assert example["label"] == i and type(example["label"]) is numpy.int32
    assert list(example["objects"]) == [str(i), None]
    for got, want in zip(example["scalars"], expected["scalars"]):
        assert type(got) is type(want) and got == want
    assert example["name"] == f"example-{i}"
    numpy.testing.assert_array_equal(example["nested"][0][0], numpy.full(2, i, numpy.uint8))


@pytest.mark.parametrize("shared_mem", [None, 0, 1 << 16])
def test_examples_round_trip(iterators_to_finalize, shared_mem):
    it = MultiprocessIterator(Images(), 5, shuffle=False, n_processes=3, shared_mem=shared_mem)
    iterators_to_finalize.append(it)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a large enough region (or none) warns nothing
        for step in range(6):
            batch = next(it)
            for j, example in enumerate(batch):
                check_example(example, (step * 5 + j) % 12)


def test_arrays_travel_through_shared_memory(iterators_to_finalize):
    it = MultiprocessIterator(Images(), 4, shuffle=False, n_processes=2, n_prefetch=2)
    iterators_to_finalize.append(it)
    for _ in range(4):
        next(it)
    # The regions were sized from the first examples and the later batches
    # arrive with their arrays in shared memory, not in the pickles.
    pool = it._pool
    assert pool._capacity >= 240 + 96
    it.reset()  # drop the batches in flight
    slot = pool._slots[0]
    while slot.busy:
        pool._pump(1.0)
    pool.dispatch(slot, numpy.arange(4))
    assert slot.capacity == pool._capacity
    pool.wait(slot, (None, None))
    assert all(len(payload) < 1500 for payload in slot.payloads)  # an image alone is 240 bytes
    batch, error = pool.take(slot)
    assert error is None
    check_example(batch[3], 3)


def test_too_small_shared_mem_warns_and_still_works(iterators_to_finalize):
    it = MultiprocessIterator(Images(), 4, shuffle=False, n_processes=2, shared_mem=64)
    iterators_to_finalize.append(it)
    with pytest.warns(UserWarning, match="shared_mem=64 bytes is smaller"):
        batch = next(it)
        next(it)
    for j, example in enumerate(batch):
        check_example(example, j)


def test_finalize_leaves_no_child_processes(deadline, resources):
    it = MultiprocessIterator(Images(), 3, n_processes=3, n_prefetch=2)
    with deadline(10):
        for _ in range(3):
            next(it)
    pids, names = resources.of(it)
    assert len(pids) == 3 and len(names) == 2
    it.finalize()
    resources.assert_released(pids, names)
    it.finalize()  # twice is fine
    # The iterator keeps working after finalize, with new workers.
    position = it.current_position
    with deadline(10):
        next(it)
    assert it.current_position == (position + 3) % 12
    it.finalize()
    assert multiprocessing.active_children() == []


def test_with_block_finalizes(resources):
    with MultiprocessIterator(Images(), 3, n_processes=2) as it:
        next(it)
        pids, names = resources.of(it)
    resources.assert_released(pids, names)


def test_garbage_collection_finalizes(resources):
    it = MultiprocessIterator(Images(), 3, n_processes=2)
    next(it)
    pids, names = resources.of(it)
    del it
    gc.collect()
    resources.assert_released(pids, names)


def test_maxtasksperchild_replaces_workers(iterators_to_finalize, deadline, resources):
    it = MultiprocessIterator(list(range(10)), 4, shuffle=False, n_processes=2, maxtasksperchild=2)
    iterators_to_finalize.append(it)
    seen = set()
    with deadline(20):
        batches = []
        for _ in range(8):
            batches.append(next(it))
            seen.update(it._worker_pids())
    stream = [x for batch in batches for x in batch]
    assert stream == [i % 10 for i in range(32)]
    assert len(seen) > 4  # at least 8 tasks per rank in 2-task lifetimes
    pids = it._worker_pids()
    it.finalize()
    resources.assert_released(pids, [])


def test_reset_and_load_with_batches_in_flight(iterators_to_finalize, snapshot, deadline):
    save_state, load_state = snapshot
    it = MultiprocessIterator(Slow(0.01, n=20), 3, shuffle=False, n_processes=2, n_prefetch=4)
    iterators_to_finalize.append(it)
    with deadline(20):
        assert next(it) == [0, 1, 2]
        it.reset()  # three batches in flight are dropped
        assert next(it) == [0, 1, 2]
        assert next(it) == [3, 4, 5]
        state = save_state(it)
        assert next(it) == [6, 7, 8]
        load_state(it, state)
        assert next(it) == [6, 7, 8]
        assert [next(it) for _ in range(5)] == [
            [9, 10, 11],
            [12, 13, 14],
            [15, 16, 17],
            [18, 19, 0],
            [1, 2, 3],
        ]


def test_copy_starts_at_the_same_position(iterators_to_finalize):
    # (Copies share the order sampler and its random generator, so only an
    # unshuffled copy repeats the same batches.)
    it = MultiprocessIterator(list(range(10)), 4, shuffle=False, n_processes=2)
    iterators_to_finalize.append(it)
    next(it)
    other = copy.copy(it)
    iterators_to_finalize.append(other)
    assert other.current_position == it.current_position == 4
    assert [next(other) for _ in range(4)] == [next(it) for _ in range(4)]
    assert other._pool is not it._pool


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_other_start_methods(monkeypatch, iterators_to_finalize, method, deadline):
    context = multiprocessing.get_context(method)
    monkeypatch.setattr(_multiprocess_pool, "_context", lambda: context)
    dataset = [numpy.full(4, i, numpy.float32) for i in range(6)]
    it = MultiprocessIterator(dataset, 3, shuffle=False, n_processes=1)
    iterators_to_finalize.append(it)
    with deadline(30):
        assert [int(x[0]) for x in next(it)] == [0, 1, 2]
        # Idle workers check for a dead parent every second: they must not
        # mistake the fork server for a dead main process.
        time.sleep(1.3)
        assert [int(x[0]) for x in next(it)] == [3, 4, 5]
        assert [int(x[0]) for x in next(it)] == [0, 1, 2]
    # An unpicklable dataset cannot reach such a worker: a clear error.
    bad = MultiprocessIterator(_Unpicklable(), 2, n_processes=1)
    iterators_to_finalize.append(bad)
    with deadline(30), pytest.raises(RuntimeError, match=f"{method}.*must be picklable"):
        next(bad)


class _Unpicklable:
    def __init__(self):
        self.transform = lambda x: x

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return i


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n_processes=0), "n_processes"),
        (dict(n_prefetch=0), "n_prefetch"),
        (dict(shared_mem=-1), "shared_mem"),
        (dict(dataset_timeout=0), "dataset_timeout"),
        (dict(maxtasksperchild=0), "maxtasksperchild"),
        (dict(n_processes=1.5), "n_processes"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        MultiprocessIterator(list(range(3)), 2, **kwargs)


def test_attributes():
    it = MultiprocessIterator(list(range(3)), 2, repeat=False, shuffle=False, n_processes=2)
    assert it.batch_size == 2 and it.repeat is False and it.n_processes == 2
    assert it.n_prefetch == 1 and it.shared_mem is None and it.dataset_timeout == 30.0
    assert it.order_sampler is None
    assert it._worker_pids() == []  # workers start on first use
    default = MultiprocessIterator(list(range(3)), 2)
    assert default.n_processes >= 1
