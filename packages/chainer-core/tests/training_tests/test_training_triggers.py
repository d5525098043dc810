"""Tests of chainer.training.triggers and get_trigger."""

import math
import warnings

import numpy
import pytest

from chainer import serializer as serializer_module
from chainer import training
from chainer.testing.training import get_trainer_with_mock_updater
from chainer.training import triggers

# -- a tiny dict (de)serializer pair -------------------------------------------


class DictSerializer(serializer_module.Serializer):
    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSerializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key, value):
        self.target[self.path + key] = value if isinstance(value, str) else numpy.array(value)
        return value


class DictDeserializer(serializer_module.Deserializer):
    def __init__(self, target, path=""):
        self.target = target
        self.path = path

    def __getitem__(self, key):
        return DictDeserializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key, value):
        stored = self.target[self.path + key]  # KeyError when missing
        if value is None or isinstance(stored, str):
            return stored
        if isinstance(value, numpy.ndarray):
            value[...] = stored
            return value
        return type(value)(stored)


def round_trip(src, dst):
    target = {}
    src.serialize(DictSerializer(target))
    dst.serialize(DictDeserializer(target))
    return target


class FakeUpdater:
    """Stands for an updater: the position of the training, set by the test."""

    def __init__(self, iter_per_epoch):
        self.iter_per_epoch = iter_per_epoch
        self.iteration = 0
        self.previous_epoch_detail = None

    @property
    def epoch(self):
        return self.iteration // self.iter_per_epoch

    @property
    def epoch_detail(self):
        return self.iteration / self.iter_per_epoch

    def step(self):
        self.previous_epoch_detail = self.epoch_detail
        self.iteration += 1


class FakeTrainer:
    def __init__(self, iter_per_epoch=5):
        self.updater = FakeUpdater(iter_per_epoch)
        self.observation = {}
        self.elapsed_time = 0.0


def fire_pattern(trigger, n_iter, iter_per_epoch=5, observations=None):
    trainer = FakeTrainer(iter_per_epoch)
    fired = []
    for i in range(n_iter):
        trainer.updater.step()
        trainer.observation = {} if observations is None else observations[i]
        fired.append(bool(trigger(trainer)))
    return fired


# -- get_trigger -----------------------------------------------------------------


def test_get_trigger_tuple_makes_interval_trigger():
    trigger = training.get_trigger((3, "epoch"))
    assert isinstance(trigger, triggers.IntervalTrigger)
    assert trigger.get_training_length() == (3, "epoch")
    assert str(trigger) == "IntervalTrigger(3, 'epoch')"


def test_get_trigger_passes_callables_and_never_fires_for_none():
    def my_trigger(trainer):
        return True

    assert training.get_trigger(my_trigger) is my_trigger
    none_trigger = training.get_trigger(None)
    assert none_trigger(FakeTrainer()) is False


def test_get_trigger_rejects_garbage():
    with pytest.raises(TypeError, match="period, unit"):
        training.get_trigger(5)


# -- IntervalTrigger ---------------------------------------------------------------


def test_interval_trigger_iteration():
    fired = fire_pattern(triggers.IntervalTrigger(3, "iteration"), 10)
    assert [i + 1 for i, f in enumerate(fired) if f] == [3, 6, 9]


def test_interval_trigger_epoch():
    fired = fire_pattern(triggers.IntervalTrigger(1, "epoch"), 12, iter_per_epoch=4)
    assert [i + 1 for i, f in enumerate(fired) if f] == [4, 8, 12]


def test_interval_trigger_fractional_epoch():
    fired = fire_pattern(triggers.IntervalTrigger(0.5, "epoch"), 8, iter_per_epoch=4)
    assert [i + 1 for i, f in enumerate(fired) if f] == [2, 4, 6, 8]


def test_interval_trigger_not_called_every_iteration_still_fires_on_crossing():
    trigger = triggers.IntervalTrigger(3, "iteration")
    trainer = FakeTrainer()
    results = []
    for _ in range(10):
        trainer.updater.step()
        if trainer.updater.iteration in (2, 4, 5, 8):  # called only at these points
            results.append((trainer.updater.iteration, trigger(trainer)))
    assert results == [(2, False), (4, True), (5, False), (8, True)]


@pytest.mark.parametrize("unit", ["iteration", "epoch"])
def test_interval_trigger_resume_matches_uninterrupted(unit):
    reference = fire_pattern(triggers.IntervalTrigger(2, unit), 20, iter_per_epoch=3)

    first = triggers.IntervalTrigger(2, unit)
    trainer = FakeTrainer(3)
    fired = []
    for _ in range(7):
        trainer.updater.step()
        fired.append(first(trainer))
    second = triggers.IntervalTrigger(2, unit)
    round_trip(first, second)
    for _ in range(13):
        trainer.updater.step()
        fired.append(second(trainer))
    assert fired == reference


def test_interval_trigger_old_snapshot_warns_and_guesses():
    trigger = triggers.IntervalTrigger(2, "iteration")
    with pytest.warns(UserWarning) as record:
        trigger.serialize(DictDeserializer({}))
    messages = " ".join(str(w.message) for w in record)
    assert "previous iteration" in messages and "previous epoch detail" in messages
    trainer = FakeTrainer()
    trainer.updater.iteration = 4
    assert trigger(trainer)  # guessed previous iteration 3


def test_interval_trigger_validates_arguments():
    with pytest.raises(ValueError, match="unit"):
        triggers.IntervalTrigger(1, "epochs")
    with pytest.raises(ValueError, match="period"):
        triggers.IntervalTrigger(0, "epoch")


# -- ManualScheduleTrigger ---------------------------------------------------------------


def test_manual_schedule_trigger_iteration():
    trigger = triggers.ManualScheduleTrigger([2, 5, 7], "iteration")
    fired = fire_pattern(trigger, 10)
    assert [i + 1 for i, f in enumerate(fired) if f] == [2, 5, 7]
    assert trigger.finished


def test_manual_schedule_trigger_epoch_and_single_point():
    trigger = triggers.ManualScheduleTrigger(2, "epoch")
    fired = fire_pattern(trigger, 15, iter_per_epoch=4)
    assert [i + 1 for i, f in enumerate(fired) if f] == [8]
    assert trigger.finished


def test_manual_schedule_trigger_not_finished_before_last_point():
    trigger = triggers.ManualScheduleTrigger([3, 9], "iteration")
    fire_pattern(trigger, 5)
    assert not trigger.finished


def test_manual_schedule_trigger_resume():
    first = triggers.ManualScheduleTrigger([3, 6], "iteration")
    trainer = FakeTrainer()
    fired = []
    for _ in range(4):
        trainer.updater.step()
        fired.append(first(trainer))
    second = triggers.ManualScheduleTrigger([3, 6], "iteration")
    round_trip(first, second)
    for _ in range(4):
        trainer.updater.step()
        fired.append(second(trainer))
    assert [i + 1 for i, f in enumerate(fired) if f] == [3, 6]
    assert second.finished


def test_manual_schedule_trigger_validates():
    with pytest.raises(ValueError, match="empty"):
        triggers.ManualScheduleTrigger([], "epoch")
    with pytest.raises(ValueError, match="unit"):
        triggers.ManualScheduleTrigger([1], "second")


# -- Min/MaxValueTrigger ----------------------------------------------------------------


def _value_observations(values, per_check):
    # Each value is observed at every iteration of one check interval.
    return [{"v": v} for v in values for _ in range(per_check)]


def test_max_value_trigger_fires_on_new_maximum():
    values = [1.0, 3.0, 2.0, 4.0, 4.0]
    trigger = triggers.MaxValueTrigger("v", trigger=(2, "iteration"))
    fired = fire_pattern(trigger, 10, observations=_value_observations(values, 2))
    checks = fired[1::2]
    assert checks == [True, True, False, True, False]
    assert not any(fired[0::2])


def test_min_value_trigger_fires_on_new_minimum_of_the_mean():
    # Means per check: 2, 1.5, 3, 0.5 -> new minimum at checks 1, 2 and 4.
    observations = [{"v": x} for x in [1.0, 3.0, 1.0, 2.0, 3.0, 3.0, 0.0, 1.0]]
    trigger = triggers.MinValueTrigger("v", trigger=(2, "iteration"))
    fired = fire_pattern(trigger, 8, observations=observations)
    assert fired[1::2] == [True, True, False, True]


def test_best_value_trigger_missing_key_raises():
    trigger = triggers.MaxValueTrigger("missing", trigger=(1, "iteration"))
    with pytest.raises(KeyError, match="missing"):
        fire_pattern(trigger, 1)


def test_best_value_trigger_serialize_keeps_best_and_none():
    fresh = triggers.MinValueTrigger("v", trigger=(1, "iteration"))
    restored = triggers.MinValueTrigger("v", trigger=(1, "iteration"))
    target = round_trip(fresh, restored)
    assert math.isnan(float(target["best_value"]))
    assert restored._best_value is None

    trigger = triggers.MinValueTrigger("v", trigger=(1, "iteration"))
    fire_pattern(trigger, 3, observations=[{"v": 2.0}, {"v": 1.0}, {"v": 5.0}])
    restored = triggers.MinValueTrigger("v", trigger=(1, "iteration"))
    round_trip(trigger, restored)
    assert restored._best_value == 1.0
    trainer = FakeTrainer()
    trainer.updater.iteration = 3
    trainer.updater.step()
    trainer.observation = {"v": 1.5}
    assert not restored(trainer)  # 1.5 is not better than the restored best 1.0
    trainer.updater.step()
    trainer.observation = {"v": 0.5}
    assert restored(trainer)


# -- EarlyStoppingTrigger ------------------------------------------------------------------


def test_early_stopping_stops_after_patience_bad_checks():
    losses = [5.0, 4.0, 3.0, 3.5, 3.2, 3.1, 1.0]
    trigger = triggers.EarlyStoppingTrigger(
        check_trigger=(1, "epoch"), monitor="main/loss", patience=3, max_trigger=(100, "epoch")
    )
    trainer = FakeTrainer(iter_per_epoch=2)
    stopped_at = None
    for epoch_loss in losses:
        for _ in range(2):
            trainer.updater.step()
            trainer.observation = {"main/loss": epoch_loss}
            if trigger(trainer):
                stopped_at = trainer.updater.epoch
                break
        if stopped_at is not None:
            break
    # Best at epoch 3; epochs 4, 5 and 6 do not improve.
    assert stopped_at == 6
    assert trigger.best == 3.0


def test_early_stopping_mode_auto_uses_max_for_accuracy():
    trigger = triggers.EarlyStoppingTrigger(monitor="validation/main/accuracy")
    assert trigger.best == float("-inf")
    trigger = triggers.EarlyStoppingTrigger(monitor="main/loss", mode="max")
    assert trigger.best == float("-inf")
    trigger = triggers.EarlyStoppingTrigger(monitor="main/accuracy", mode="min")
    assert trigger.best == float("inf")


def test_early_stopping_max_trigger_and_training_length():
    trigger = triggers.EarlyStoppingTrigger(max_trigger=(3, "iteration"), patience=10)
    assert trigger.get_training_length() == (3, "iteration")
    fired = fire_pattern(trigger, 5, observations=[{"main/loss": 1.0}] * 5)
    assert fired.index(True) == 2


def test_early_stopping_patients_alias_and_errors():
    assert triggers.EarlyStoppingTrigger(patients=7).patience == 7
    with pytest.raises(TypeError, match="patience"):
        triggers.EarlyStoppingTrigger(patience=2, patients=3)
    with pytest.raises(TypeError, match="unexpected"):
        triggers.EarlyStoppingTrigger(bogus=1)
    with pytest.raises(ValueError, match="mode"):
        triggers.EarlyStoppingTrigger(mode="largest")


def test_early_stopping_warns_once_when_monitor_missing():
    trigger = triggers.EarlyStoppingTrigger(check_trigger=(1, "iteration"), monitor="x")
    with pytest.warns(UserWarning, match="'x'"):
        fire_pattern(trigger, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fire_pattern(trigger, 3) == [False, False, False]


def test_early_stopping_serialize_resumes_count():
    trigger = triggers.EarlyStoppingTrigger(check_trigger=(1, "iteration"), patience=2)
    fire_pattern(trigger, 2, observations=[{"main/loss": 1.0}, {"main/loss": 2.0}])
    assert trigger.count == 1
    restored = triggers.EarlyStoppingTrigger(check_trigger=(1, "iteration"), patience=2)
    round_trip(trigger, restored)
    assert restored.count == 1 and restored.best == 1.0
    trainer = FakeTrainer()
    trainer.updater.iteration = 2
    trainer.updater.step()
    trainer.observation = {"main/loss": 3.0}
    assert restored(trainer)


# -- OnceTrigger -----------------------------------------------------------------------


def test_once_trigger_fires_once():
    trigger = triggers.OnceTrigger()
    assert not trigger.finished
    assert fire_pattern(trigger, 3) == [True, False, False]
    assert trigger.finished


@pytest.mark.parametrize("call_on_resume, expected", [(False, False), (True, True)])
def test_once_trigger_after_resume(call_on_resume, expected):
    first = triggers.OnceTrigger()
    fire_pattern(first, 2)
    resumed = triggers.OnceTrigger(call_on_resume=call_on_resume)
    round_trip(first, resumed)
    assert resumed.finished is (not expected)
    assert fire_pattern(resumed, 2) == [expected, False]


# -- TimeTrigger -----------------------------------------------------------------------


def test_time_trigger_with_fake_clock():
    trigger = triggers.TimeTrigger(10.0)
    trainer = FakeTrainer()
    fired = []
    for t in [0.0, 5.0, 10.0, 10.5, 15.0, 21.0, 55.0, 56.0, 57.0]:
        trainer.elapsed_time = t
        fired.append(trigger(trainer))
    # Deadlines 10, 20, 30, 40 ...; one firing per call at most.
    assert fired == [False, False, False, True, False, True, True, True, True]


def test_time_trigger_serialize_and_validation():
    trigger = triggers.TimeTrigger(2.0)
    trainer = FakeTrainer()
    trainer.elapsed_time = 3.0
    assert trigger(trainer)
    restored = triggers.TimeTrigger(2.0)
    round_trip(trigger, restored)
    trainer.elapsed_time = 3.5
    assert not restored(trainer)
    trainer.elapsed_time = 4.5
    assert restored(trainer)
    with pytest.raises(ValueError, match="period"):
        triggers.TimeTrigger(0)


def test_time_trigger_in_trainer_uses_elapsed_time(monkeypatch):
    from chainer.training import trainer as trainer_module

    clock = [100.0]
    monkeypatch.setattr(trainer_module, "_get_time", lambda: clock[0])
    trainer = get_trainer_with_mock_updater((10, "iteration"))
    calls = []
    trainer.extend(
        lambda t: calls.append(t.updater.iteration), name="timed", trigger=triggers.TimeTrigger(3.0)
    )

    def tick():
        clock[0] += 1.0  # each iteration takes one fake second

    trainer.updater.update_core.side_effect = tick
    trainer.run()
    # elapsed = iteration; deadlines 3, 6, 9 are passed at iterations 4, 7, 10.
    assert calls == [4, 7, 10]
    assert trainer.elapsed_time == 10.0
