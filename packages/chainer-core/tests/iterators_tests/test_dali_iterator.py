"""DaliIterator, driven by a stand-in pipeline (DALI itself is not needed)."""

import warnings

import pytest

from chainer import iterators


class FakePipeline:
    def __init__(self, batch_size, epoch_size):
        self.batch_size = batch_size
        self._epoch_size = epoch_size
        self.built = 0
        self.runs = 0

    def build(self):
        self.built += 1

    def epoch_size(self):
        return {"reader": self._epoch_size}

    def run(self):
        self.runs += 1
        return f"batch-{self.runs}"


def make(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return iterators.DaliIterator(*args, **kwargs)


def test_is_experimental():
    with pytest.warns(FutureWarning, match="experimental"):
        iterators.DaliIterator(FakePipeline(2, 5))


def test_epoch_accounting():
    pipeline = FakePipeline(2, 5)
    it = make(pipeline)
    assert pipeline.built == 0 and it.previous_epoch_detail is None
    assert next(it) == "batch-1" and pipeline.built == 1
    assert (it.epoch, it.current_position, it.is_new_epoch) == (0, 2, False)
    next(it)
    next(it)
    assert (it.epoch, it.current_position, it.is_new_epoch) == (1, 1, True)
    assert it.epoch_detail == pytest.approx(1.2)
    assert it.previous_epoch_detail == pytest.approx(0.8)
    assert it.batch_size == 2 and it.repeat


def test_no_repeat_stops():
    it = make(FakePipeline(2, 5), repeat=False)
    assert len(list(it)) == 3
    with pytest.raises(StopIteration):
        next(it)
    it.reset()
    assert it.epoch == 0 and next(it) == "batch-4"


def test_serialize(snapshot):
    save_state, load_state = snapshot
    a = make(FakePipeline(2, 5))
    for _ in range(4):
        next(a)
    state = save_state(a)
    b = make(FakePipeline(2, 5))
    load_state(b, state)
    assert (b.epoch, b.current_position, b.is_new_epoch) == (1, 3, False)
    assert b.previous_epoch_detail == a.previous_epoch_detail
