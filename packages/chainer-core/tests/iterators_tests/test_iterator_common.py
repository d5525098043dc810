"""Behaviour shared by SerialIterator, MultithreadIterator and MultiprocessIterator.

Every test runs against each iterator kind: the epoch accounting, the
shuffling, reset and snapshots must not depend on how examples are loaded.
"""

import itertools

import numpy
import pytest

from chainer import iterators

KINDS = {
    "serial": lambda dataset, batch_size, **kw: iterators.SerialIterator(dataset, batch_size, **kw),
    "thread": lambda dataset, batch_size, **kw: iterators.MultithreadIterator(
        dataset, batch_size, n_threads=2, **kw
    ),
    "process": lambda dataset, batch_size, **kw: iterators.MultiprocessIterator(
        dataset, batch_size, n_processes=2, **kw
    ),
    "process_prefetch3": lambda dataset, batch_size, **kw: iterators.MultiprocessIterator(
        dataset, batch_size, n_processes=2, n_prefetch=3, **kw
    ),
}


@pytest.fixture
def make():
    """``make(kind, dataset, batch_size, **kwargs)``; finalizes every iterator at teardown."""
    created = []

    def factory(kind, dataset, batch_size, **kwargs):
        it = KINDS[kind](dataset, batch_size, **kwargs)
        created.append(it)
        return it

    yield factory
    for it in created:
        it.finalize()


def expected_run(n, batch_size, repeat, n_batches):
    """The batches and counters of an unshuffled iterator, from a flat stream of indices."""
    stream = itertools.cycle(range(n)) if repeat else iter(range(n))
    consumed = 0
    rows = []
    for _ in range(n_batches):
        batch = list(itertools.islice(stream, batch_size))
        if not batch:
            break
        previous = consumed / n
        epoch_before = consumed // n
        consumed += len(batch)
        epoch = consumed // n
        rows.append(
            dict(
                batch=batch,
                epoch=epoch,
                current_position=consumed % n,
                is_new_epoch=epoch > epoch_before,
                epoch_detail=consumed / n,
                previous_epoch_detail=previous,
            )
        )
    return rows


def assert_rows_equal(got, expected):
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.keys() == e.keys()
        for key in e:
            if isinstance(e[key], float):
                assert g[key] == pytest.approx(e[key]), key
            else:
                assert g[key] == e[key], key


def observe(it, batch):
    return dict(
        batch=list(batch),
        epoch=it.epoch,
        current_position=it.current_position,
        is_new_epoch=it.is_new_epoch,
        epoch_detail=it.epoch_detail,
        previous_epoch_detail=it.previous_epoch_detail,
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n, batch_size", [(10, 3), (10, 5), (7, 4), (3, 7)])
def test_epoch_accounting_repeat(make, kind, n, batch_size):
    it = make(kind, list(range(n)), batch_size, shuffle=False)
    assert (it.epoch, it.current_position, it.is_new_epoch) == (0, 0, False)
    assert it.epoch_detail == 0.0 and it.previous_epoch_detail is None
    expected = expected_run(n, batch_size, True, 9)
    got = [observe(it, next(it)) for _ in range(9)]
    assert_rows_equal(got, expected)
    for g in got:
        assert len(g["batch"]) == batch_size  # a repeating iterator never returns a short batch


def test_epoch_accounting_example():
    # 10 examples in batches of 3: the fourth batch wraps into the second epoch.
    it = iterators.SerialIterator(list(range(10)), 3, shuffle=False)
    assert next(it) == [0, 1, 2]
    assert next(it) == [3, 4, 5]
    assert next(it) == [6, 7, 8]
    assert (it.epoch, it.is_new_epoch, it.current_position) == (0, False, 9)
    assert next(it) == [9, 0, 1]
    assert (it.epoch, it.is_new_epoch, it.current_position) == (1, True, 2)
    assert it.epoch_detail == pytest.approx(1.2)
    assert it.previous_epoch_detail == pytest.approx(0.9)
    assert next(it) == [2, 3, 4]
    assert it.is_new_epoch is False


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n, batch_size", [(10, 3), (10, 5), (3, 7)])
def test_epoch_accounting_no_repeat(make, kind, n, batch_size):
    it = make(kind, list(range(n)), batch_size, repeat=False, shuffle=False)
    expected = expected_run(n, batch_size, False, 100)
    got = [observe(it, batch) for batch in it]
    assert_rows_equal(got, expected)
    assert len(got[-1]["batch"]) == n - batch_size * (len(got) - 1)  # a short last batch
    for _ in range(2):
        with pytest.raises(StopIteration):
            next(it)
    assert (it.epoch, it.current_position, it.is_new_epoch) == (1, 0, True)
    assert it.epoch_detail == 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_shuffle_covers_each_epoch(make, kind):
    n, batch_size, n_epochs = 17, 4, 4
    sampler = iterators.ShuffleOrderSampler(numpy.random.RandomState(3))
    it = make(kind, list(range(n)), batch_size, order_sampler=sampler)
    stream = []
    for _ in range(n * n_epochs // batch_size):
        stream.extend(next(it))
    epochs = [stream[e * n : (e + 1) * n] for e in range(n_epochs)]
    for order in epochs:
        assert sorted(order) == list(range(n))  # every example exactly once per epoch
    assert any(order != list(range(n)) for order in epochs)
    assert len({tuple(order) for order in epochs}) == n_epochs  # a new order every epoch
    assert it.epoch == n_epochs and it.current_position == 0 and it.is_new_epoch


@pytest.mark.parametrize("kind", KINDS)
def test_shuffle_without_repeat_returns_each_example_once(make, kind):
    it = make(kind, list(range(11)), 4, repeat=False, shuffle=True)
    seen = [x for batch in it for x in batch]
    assert sorted(seen) == list(range(11))


@pytest.mark.parametrize("kind", KINDS)
def test_reset(make, kind):
    it = make(kind, list(range(10)), 4, shuffle=False)
    for _ in range(3):
        next(it)
    it.reset()
    assert (it.epoch, it.current_position, it.is_new_epoch) == (0, 0, False)
    assert it.previous_epoch_detail is None
    assert next(it) == [0, 1, 2, 3]
    assert next(it) == [4, 5, 6, 7]


@pytest.mark.parametrize("kind", KINDS)
def test_reset_after_stop_iteration(make, kind):
    it = make(kind, list(range(5)), 2, repeat=False, shuffle=False)
    assert [b for b in it] == [[0, 1], [2, 3], [4]]
    it.reset()
    assert [b for b in it] == [[0, 1], [2, 3], [4]]


@pytest.mark.parametrize("kind", KINDS)
def test_custom_order_sampler(make, kind):
    calls = []

    def reverse(order, position):
        calls.append((len(order), position))
        return numpy.arange(len(order))[::-1].copy()

    it = make(kind, list(range(6)), 4, order_sampler=reverse)
    assert next(it) == [5, 4, 3, 2]
    assert next(it) == [1, 0, 5, 4]
    assert calls[0] == (6, 0)


@pytest.mark.parametrize("kind", KINDS)
def test_order_sampler_of_wrong_size_is_an_error(make, kind):
    bad = make(kind, list(range(6)), 4, order_sampler=_ShrinkingSampler())
    # The second batch crosses the epoch end; a prefetching iterator draws
    # the new order while returning the first one.
    with pytest.raises(ValueError, match="size of the order"):
        next(bad)
        next(bad)


class _ShrinkingSampler(iterators.OrderSampler):
    def __init__(self):
        self.calls = 0

    def __call__(self, order, position):
        self.calls += 1
        return numpy.arange(len(order) if self.calls == 1 else len(order) - 1)


@pytest.mark.parametrize("kind", KINDS)
def test_shuffle_and_order_sampler_conflict(kind):
    sampler = iterators.ShuffleOrderSampler()
    with pytest.raises(ValueError, match="order_sampler"):
        KINDS[kind](list(range(3)), 2, shuffle=True, order_sampler=sampler)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("batch_size", [0, -1, 2.5, None])
def test_bad_batch_size(kind, batch_size):
    with pytest.raises((TypeError, ValueError), match="batch_size"):
        KINDS[kind](list(range(3)), batch_size)


@pytest.mark.parametrize("kind", KINDS)
def test_empty_dataset(make, kind):
    it = make(kind, [], 2, repeat=False)
    with pytest.raises(StopIteration):
        next(it)
    it = make(kind, [], 2, repeat=True)
    with pytest.raises(ValueError, match="empty dataset"):
        next(it)


# -- snapshots ------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n_before", [0, 1, 5, 7])
def test_resume_is_exact(make, snapshot, kind, n_before):
    save_state, load_state = snapshot
    # 10 examples in batches of 3 with shuffling: the snapshot is taken at
    # several points of the first epochs, and the resumed iterator (built
    # with a differently seeded sampler) must continue with exactly the same
    # batches, across several epoch boundaries and their new orders.
    dataset = list(range(10))
    a = make(kind, dataset, 3, order_sampler=iterators.ShuffleOrderSampler(_rng(0)))
    for _ in range(n_before):
        next(a)
    state = save_state(a)
    b = make(kind, dataset, 3, order_sampler=iterators.ShuffleOrderSampler(_rng(99)))
    next(b)  # a different position, with batches in flight, before loading
    load_state(b, state)
    assert (b.epoch, b.current_position, b.is_new_epoch) == (
        a.epoch,
        a.current_position,
        a.is_new_epoch,
    )
    assert b.epoch_detail == a.epoch_detail
    assert b.previous_epoch_detail == a.previous_epoch_detail
    for _ in range(12):
        assert next(b) == next(a)
        assert observe(b, []) == observe(a, [])


@pytest.mark.parametrize("saver_kind", KINDS)
@pytest.mark.parametrize("loader_kind", ["serial", "process_prefetch3"])
def test_snapshot_moves_between_iterator_kinds(make, snapshot, saver_kind, loader_kind):
    save_state, load_state = snapshot
    # A prefetching iterator has drawn the next epoch's order before the
    # snapshot; the snapshot carries that order so that any iterator resumes
    # with it.
    dataset = list(range(7))
    a = make(saver_kind, dataset, 3, order_sampler=iterators.ShuffleOrderSampler(_rng(5)))
    for _ in range(2):
        next(a)
    state = save_state(a)
    b = make(loader_kind, dataset, 3, order_sampler=iterators.ShuffleOrderSampler(_rng(6)))
    load_state(b, state)
    assert [next(b) for _ in range(8)] == [next(a) for _ in range(8)]


@pytest.mark.parametrize("kind", KINDS)
def test_resume_with_the_global_random_state(make, snapshot, kind):
    save_state, load_state = snapshot
    # shuffle=None uses NumPy's global RandomState; loading restores it, as a
    # new process started with the same seed would otherwise repeat orders.
    numpy.random.seed(11)
    dataset = list(range(8))
    a = make(kind, dataset, 3)
    for _ in range(5):
        next(a)
    state = save_state(a)
    expected = [next(a) for _ in range(10)]
    numpy.random.seed(12345)
    b = make(kind, dataset, 3)
    load_state(b, state)
    assert [next(b) for _ in range(10)] == expected


@pytest.mark.parametrize("kind", KINDS)
def test_resume_without_shuffle(make, snapshot, kind):
    save_state, load_state = snapshot
    a = make(kind, list(range(10)), 4, shuffle=False)
    next(a)
    next(a)
    state = save_state(a)
    assert "order" not in state
    assert state["current_position"] == 8 and state["epoch"] == 0
    b = make(kind, list(range(10)), 4, shuffle=False)
    load_state(b, state)
    assert next(b) == [8, 9, 0, 1]
    assert b.is_new_epoch and b.epoch == 1


@pytest.mark.parametrize("kind", KINDS)
def test_snapshot_contents(make, snapshot, kind):
    save_state, load_state = snapshot
    it = make(kind, list(range(10)), 4, order_sampler=iterators.ShuffleOrderSampler(_rng(1)))
    state = save_state(it)
    assert state["previous_epoch_detail"] == -1  # None is stored as -1
    assert sorted(state["order"].tolist()) == list(range(10))
    next(it)
    state = save_state(it)
    assert state["current_position"] == 4
    assert state["previous_epoch_detail"] == 0.0
    assert state["order_sampler/random_state"].dtype == numpy.uint8


@pytest.mark.parametrize("kind", KINDS)
def test_load_old_snapshot_without_new_keys(make, snapshot, kind):
    save_state, load_state = snapshot
    # Chainer v7 snapshots have neither previous_epoch_detail in very old
    # versions nor the pending orders and the sampler state.
    order = numpy.array([3, 1, 4, 0, 2, 5, 6, 9, 8, 7])
    old = {
        "current_position": numpy.array(6),
        "epoch": numpy.array(2),
        "is_new_epoch": numpy.array(False),
        "_order": order,
    }
    it = make(kind, list(range(10)), 3)
    load_state(it, old)
    assert it.epoch == 2 and it.current_position == 6
    assert it.previous_epoch_detail == pytest.approx(2.3)
    assert next(it) == [6, 9, 8]


def _rng(seed):
    return numpy.random.RandomState(seed)


@pytest.mark.parametrize("kind", KINDS)
def test_batch_size_can_change_between_batches(make, kind):
    it = make(kind, list(range(10)), 3, shuffle=False)
    assert next(it) == [0, 1, 2]
    it.batch_size = 5
    assert it.batch_size == 5
    assert next(it) == [3, 4, 5, 6, 7]
    assert next(it) == [8, 9, 0, 1, 2]
    with pytest.raises(ValueError, match="batch_size"):
        it.batch_size = 0
