"""Tests of Trainer: the loop, the observation, elapsed time, output directory, serialize."""

import os

import numpy
import pytest

import chainer
from chainer import serializer as serializer_module
from chainer import training
from chainer.testing.training import get_trainer_with_mock_updater
from chainer.training import trainer as trainer_module


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
        stored = self.target[self.path + key]
        if value is None or isinstance(stored, str):
            return stored
        return type(value)(stored)


@pytest.fixture
def fake_clock(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(trainer_module, "_get_time", lambda: clock[0])
    return clock


def test_run_until_stop_trigger():
    trainer = get_trainer_with_mock_updater((3, "epoch"), iter_per_epoch=4)
    assert trainer.is_before_training
    trainer.run()
    assert trainer.updater.iteration == 12
    assert trainer.updater.update_core.call_count == 12
    assert not trainer.is_before_training


def test_observation_is_fresh_each_iteration_and_reporter_is_current():
    trainer = get_trainer_with_mock_updater((3, "iteration"))
    trainer.updater.update_core.side_effect = lambda: chainer.report(
        {"it": trainer.updater.iteration}
    )
    seen = []

    def spy(t):
        chainer.report({"spy": 1})  # an extension may report too
        seen.append(dict(t.observation))

    trainer.extend(spy)
    trainer.run()
    assert seen == [{"it": 0, "spy": 1}, {"it": 1, "spy": 1}, {"it": 2, "spy": 1}]


def test_call_before_training_reports_into_its_own_observation():
    trainer = get_trainer_with_mock_updater((1, "iteration"))
    seen = []

    def ext(t):
        chainer.report({"before": t.is_before_training})
        seen.append(dict(t.observation))

    trainer.extend(ext, call_before_training=True)
    trainer.run()
    assert seen == [{"before": True}, {"before": False}]


def test_out_directory_is_created(tmp_path):
    out = tmp_path / "deep" / "out"
    trainer = get_trainer_with_mock_updater((1, "iteration"))
    trainer.out = str(out)
    trainer.run()
    assert out.is_dir()

    trainer = training.Trainer(trainer.updater, (1, "iteration"), out=tmp_path / "p")
    assert trainer.out == os.fspath(tmp_path / "p")


def test_default_out_is_result_in_cwd():
    trainer = get_trainer_with_mock_updater((1, "iteration"))
    assert trainer.out == "result"
    trainer.run()
    assert os.path.isdir("result")


def test_stop_trigger_none_never_stops_by_itself():
    trainer = get_trainer_with_mock_updater(None)

    def stop_at_5(t):
        if t.updater.iteration == 5:
            raise StopIteration("enough")

    trainer.extend(stop_at_5)
    with pytest.raises(StopIteration):
        trainer.run(show_loop_exception_msg=False)
    assert trainer.updater.iteration == 5


def test_run_twice_raises():
    trainer = get_trainer_with_mock_updater((1, "iteration"))
    trainer.run()
    with pytest.raises(RuntimeError, match="twice"):
        trainer.run()


def test_updater_finalize_and_connect_trainer_are_called():
    trainer = get_trainer_with_mock_updater((2, "iteration"))
    trainer.updater.connect_trainer.assert_called_once_with(trainer)
    trainer.run()
    trainer.updater.finalize.assert_called_once_with()


def test_updater_finalized_even_on_error():
    trainer = get_trainer_with_mock_updater((5, "iteration"))
    trainer.updater.update_core.side_effect = RuntimeError("x")
    with pytest.raises(RuntimeError):
        trainer.run(show_loop_exception_msg=False)
    trainer.updater.finalize.assert_called_once_with()


def test_elapsed_time_with_fake_clock(fake_clock):
    trainer = get_trainer_with_mock_updater((4, "iteration"))
    with pytest.raises(RuntimeError, match="not been started"):
        trainer.elapsed_time  # noqa: B018

    def tick():
        fake_clock[0] += 2.5

    trainer.updater.update_core.side_effect = tick
    times = []
    trainer.extend(lambda t: times.append(t.elapsed_time), name="times")
    trainer.run()
    assert times == [2.5, 5.0, 7.5, 10.0]
    fake_clock[0] += 100
    assert trainer.elapsed_time == 10.0  # frozen after the run


def test_elapsed_time_continues_after_resume(fake_clock):
    def tick():
        fake_clock[0] += 1.0

    first = get_trainer_with_mock_updater((3, "iteration"))
    first.updater.update_core.side_effect = tick
    first.run()
    state = {}
    first.serialize(DictSerializer(state))
    assert float(state["_snapshot_elapsed_time"]) == 3.0

    resumed = get_trainer_with_mock_updater((5, "iteration"))
    resumed.updater.update_core.side_effect = tick
    resumed.serialize(DictDeserializer(state))
    # Saving again before running keeps the loaded time.
    again = {}
    resumed.serialize(DictSerializer(again))
    assert float(again["_snapshot_elapsed_time"]) == 3.0
    resumed.updater.iteration = 3
    resumed.run()
    assert resumed.elapsed_time == 5.0


def test_serialize_visits_updater_stop_trigger_extensions_and_their_triggers():
    trainer = get_trainer_with_mock_updater((5, "iteration"))

    class WithState(training.Extension):
        def __init__(self):
            self.value = 7

        def __call__(self, t):
            pass

        def serialize(self, serializer):
            self.value = int(serializer("value", self.value))

    trainer.extend(WithState(), trigger=(2, "iteration"))
    trainer.extend(lambda t: None, name="plain")  # no serialize: skipped
    state = {}
    trainer.serialize(DictSerializer(state))
    assert sorted(state) == [
        "_snapshot_elapsed_time",
        "extension_triggers/WithState/_previous_epoch_detail",
        "extension_triggers/WithState/_previous_iteration",
        "extension_triggers/plain/_previous_epoch_detail",
        "extension_triggers/plain/_previous_iteration",
        "extensions/WithState/value",
        "stop_trigger/_previous_epoch_detail",
        "stop_trigger/_previous_iteration",
    ]
    trainer.updater.serialize.assert_called_once()
    state["extensions/WithState/value"] = numpy.array(11)
    trainer.serialize(DictDeserializer(state))
    assert trainer.get_extension("WithState").value == 11


def test_trainer_rejects_optimizer_without_target():
    class Opt:
        target = None

    updater = get_trainer_with_mock_updater().updater
    updater.get_all_optimizers.return_value = {"main": Opt()}
    with pytest.raises(ValueError, match="setup"):
        training.Trainer(updater)


def test_extensions_argument_registers_them():
    calls = []

    def a(t):
        calls.append("a")

    trainer = get_trainer_with_mock_updater((2, "iteration"), extensions=[a])
    trainer.run()
    assert calls == ["a", "a"]
    assert trainer.get_extension("a") is a


def test_failing_initializer_still_finalizes():
    events = []

    class Ext(training.Extension):
        def initialize(self, trainer):
            raise OSError("cannot load snapshot")

        def __call__(self, trainer):
            events.append("call")

        def on_error(self, trainer, exc, tb):
            events.append("on_error")

        def finalize(self):
            events.append("finalize")

    trainer = get_trainer_with_mock_updater((2, "iteration"))
    trainer.extend(Ext())
    with pytest.raises(OSError, match="snapshot"):
        trainer.run(show_loop_exception_msg=False)
    assert events == ["on_error", "finalize"]
    trainer.updater.finalize.assert_called_once_with()
    assert trainer.updater.iteration == 0
