"""Tests of chainer.testing.training.get_trainer_with_mock_updater."""

import pytest

from chainer import training
from chainer.testing.training import get_trainer_with_mock_updater


def test_defaults():
    trainer = get_trainer_with_mock_updater()
    assert isinstance(trainer, training.Trainer)
    assert trainer.updater.get_all_optimizers() == {}
    assert trainer.updater.iteration == 0
    assert trainer.updater.previous_epoch_detail is None
    trainer.run()
    assert trainer.updater.iteration == 10
    assert trainer.updater.epoch == 1
    assert trainer.updater.epoch_detail == 1.0


def test_counters_follow_iter_per_epoch():
    trainer = get_trainer_with_mock_updater((7, "iteration"), iter_per_epoch=3)
    history = []

    def record(t):
        u = t.updater
        history.append((u.iteration, u.epoch, u.epoch_detail, u.is_new_epoch))

    trainer.extend(record)
    trainer.run()
    assert [h[0] for h in history] == list(range(1, 8))
    assert [h[1] for h in history] == [0, 0, 1, 1, 1, 2, 2]
    assert [h[3] for h in history] == [False, False, True, False, False, True, False]
    assert history[3][2] == pytest.approx(4 / 3)
    assert trainer.updater.previous_epoch_detail == pytest.approx(2.0)


def test_epoch_stop_trigger_and_extensions_argument():
    calls = []
    trainer = get_trainer_with_mock_updater(
        (2, "epoch"), iter_per_epoch=5, extensions=[lambda t: calls.append(1)]
    )
    trainer.run()
    assert trainer.updater.iteration == 10
    assert len(calls) == 10


def test_update_core_hook_and_validation():
    trainer = get_trainer_with_mock_updater((3, "iteration"))
    trainer.run()
    assert trainer.updater.update_core.call_count == 3
    with pytest.raises(ValueError, match="iter_per_epoch"):
        get_trainer_with_mock_updater(iter_per_epoch=0)
