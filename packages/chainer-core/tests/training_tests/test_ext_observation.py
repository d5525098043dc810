"""Tests of observe_value/observe_lr, FailOnNonNumber, MicroAverage, unchain_variables,
ParameterStatistics and DumpGraph."""

import types

import numpy
import pytest

import chainer
from chainer import configuration, testing
from chainer.serializers import npz
from chainer.training.extensions import (
    computational_graph,
    fail_on_nonnumber,
    micro_average,
    parameter_statistics,
    value_observation,
)
from chainer.training.extensions import unchain_variables as unchain_variables_extension


class _Model(chainer.Link):
    def __init__(self, w, b):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(numpy.asarray(w, dtype=numpy.float32))
            self.b = chainer.Parameter(numpy.asarray(b, dtype=numpy.float32))


def _record(trainer, key):
    out = []

    def rec(t):
        out.append(t.observation.get(key))

    trainer.extend(rec, priority=0)
    return out


def test_observe_value_and_lr():
    opt = types.SimpleNamespace(lr=0.25)
    trainer = testing.get_trainer_with_mock_updater((4, "iteration"), iter_per_epoch=2)
    trainer.updater.get_optimizer.side_effect = lambda name: {"sgd": opt}[name]
    trainer.extend(value_observation.observe_lr("sgd", "my_lr"))
    trainer.extend(value_observation.observe_value("it", lambda t: t.updater.iteration * 10))
    lrs = _record(trainer, "my_lr")
    its = _record(trainer, "it")
    trainer.run()
    # once per epoch (default trigger), before readers
    assert lrs == [None, 0.25, None, 0.25]
    assert its == [None, 20, None, 40]


def test_observe_value_validates():
    with pytest.raises(TypeError, match="target_func"):
        value_observation.observe_value("k", 3)
    with pytest.raises(TypeError, match="observation_key"):
        value_observation.observe_value(1, lambda t: 0)
    ext = value_observation.observe_lr()
    assert ext.default_name == "observe_value"
    assert ext.priority == chainer.training.extension.PRIORITY_WRITER


def _trainer_with_model(model, n=3):
    trainer = testing.get_trainer_with_mock_updater((n, "iteration"))
    trainer.updater.get_all_optimizers.return_value = {"main": types.SimpleNamespace(target=model)}
    return trainer


def test_fail_on_nonnumber_passes_finite(capsys):
    model = _Model([1.0, 2.0], [0.0])
    trainer = _trainer_with_model(model)
    trainer.extend(fail_on_nonnumber.FailOnNonNumber())
    trainer.run()
    assert trainer.updater.iteration == 3


@pytest.mark.parametrize("bad", [numpy.nan, numpy.inf, -numpy.inf])
def test_fail_on_nonnumber_raises(bad):
    model = _Model([1.0, 2.0], [0.0])
    trainer = _trainer_with_model(model, n=5)

    def diverge():
        if trainer.updater.iteration == 1:
            model.b.array[0] = bad

    trainer.updater.update_core.side_effect = diverge
    trainer.extend(fail_on_nonnumber.FailOnNonNumber())
    with pytest.raises(RuntimeError, match="'/b'.*'main'"):
        trainer.run(show_loop_exception_msg=False)
    assert trainer.updater.iteration == 2


def test_micro_average():
    nums = [1, 2, 3, 4, 5, 6]
    dens = [2, 2, 4, 4, 8, 2]
    trainer = testing.get_trainer_with_mock_updater((6, "iteration"), iter_per_epoch=3)

    def report():
        i = trainer.updater.iteration
        chainer.report({"n": nums[i], "d": numpy.float32(dens[i])})

    trainer.updater.update_core.side_effect = report
    trainer.extend(micro_average.MicroAverage("n", "d", "acc"))
    seen = _record(trainer, "acc")
    trainer.run()
    first = sum(nums[:3]) / sum(dens[:3])
    second = sum(nums[3:]) / sum(dens[3:])
    assert seen[0] is None and seen[1] is None and seen[3] is None
    assert seen[2] == pytest.approx(first) and seen[5] == pytest.approx(second)


def test_micro_average_serialize():
    ext = micro_average.MicroAverage("n", "d", "acc")
    ext._numerator, ext._denominator = 3, 7
    s = npz.DictionarySerializer()
    ext.serialize(s)
    other = micro_average.MicroAverage("n", "d", "acc")
    other.serialize(npz.NpzDeserializer(s.target))
    assert (other._numerator, other._denominator) == (3, 7)


def test_unchain_variables():
    x = chainer.Variable(numpy.ones(3, dtype=numpy.float32))
    trainer = testing.get_trainer_with_mock_updater((1, "iteration"))
    kept = {}

    def report():
        y = chainer.functions.sum(x * 2)
        kept["y"] = y
        trainer.observation["loss"] = y

    trainer.updater.update_core.side_effect = report
    trainer.extend(unchain_variables_extension())
    trainer.run()
    assert kept["y"].creator is None


def test_parameter_statistics_values():
    w = numpy.array([[1.0, 0.0], [3.0, -2.0]], dtype=numpy.float32)
    model = _Model(w, [0.0, 0.0, 5.0])
    model.W.grad = numpy.full((2, 2), 0.5, dtype=numpy.float32)
    trainer = testing.get_trainer_with_mock_updater((2, "iteration"), iter_per_epoch=2)
    ext = parameter_statistics.ParameterStatistics(model, prefix="p")
    trainer.extend(ext)
    reported = {}

    def rec(t):
        reported.update(t.observation)

    trainer.extend(rec, priority=0)
    trainer.run()
    flat = w.ravel()
    assert reported["p/None/W/data/mean"] == pytest.approx(flat.mean())
    assert reported["p/None/W/data/std"] == pytest.approx(flat.std())
    assert reported["p/None/W/data/min"] == pytest.approx(-2.0)
    assert reported["p/None/W/data/max"] == pytest.approx(3.0)
    assert reported["p/None/W/data/zeros"] == 1
    assert reported["p/None/b/data/zeros"] == 2
    pct = numpy.percentile(flat, (0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87))
    for i, p in enumerate(pct):
        assert reported[f"p/None/W/data/percentile/{i}"] == pytest.approx(p)
    assert reported["p/None/W/grad/mean"] == pytest.approx(0.5)
    assert "p/None/b/grad/mean" not in reported  # no gradient yet


def test_parameter_statistics_options():
    model = _Model([1.0, numpy.nan], [2.0])
    ext = parameter_statistics.ParameterStatistics(
        [model], statistics=None, report_grads=False, skip_nan_params=True, trigger=(1, "iteration")
    )
    ext.register_statistics("sum", lambda x: x.sum())
    trainer = testing.get_trainer_with_mock_updater((1, "iteration"))
    trainer.extend(ext)
    out = {}
    trainer.extend(lambda t: out.update(t.observation), name="rec", priority=0)
    trainer.run()
    assert set(out) == {"None/W/data/sum", "None/b/data/sum"}
    assert numpy.isnan(out["None/W/data/sum"])
    assert out["None/b/data/sum"] == pytest.approx(2.0)
    with pytest.raises(TypeError, match="function"):
        ext.register_statistics("x", 3)
    with pytest.raises(ValueError, match="statistics"):
        parameter_statistics.ParameterStatistics(model, statistics="all")


def test_dump_graph(tmp_path):
    x = chainer.Variable(numpy.ones(3, dtype=numpy.float32))
    trainer = testing.get_trainer_with_mock_updater((3, "iteration"))
    trainer.out = str(tmp_path)
    flags = []

    def report():
        flags.append(configuration.config.keep_graph_on_report)
        chainer.report({"loss": chainer.functions.sum(chainer.functions.exp(x))})

    trainer.updater.update_core.side_effect = report
    before = configuration.config.keep_graph_on_report
    ext = computational_graph.DumpGraph("loss", filename="sub/g.dot")
    trainer.extend(ext)
    trainer.run()
    text = (tmp_path / "sub" / "g.dot").read_text()
    assert text.startswith("digraph")
    assert "exp" in text.lower() and "sum" in text.lower()
    assert "#6495ED" in text and "octagon" in text
    assert flags == [True, before, before]
    assert configuration.config.keep_graph_on_report == before
    s = npz.DictionarySerializer()
    ext.serialize(s)
    again = computational_graph.dump_graph("loss")
    again.serialize(npz.NpzDeserializer(s.target))
    assert again.trigger(trainer) is False


def test_dump_graph_errors(tmp_path):
    trainer = testing.get_trainer_with_mock_updater((1, "iteration"))
    trainer.out = str(tmp_path)
    trainer.updater.update_core.side_effect = lambda: chainer.report({"loss": 1.0})
    trainer.extend(computational_graph.DumpGraph("loss"))
    before = configuration.config.keep_graph_on_report
    with pytest.raises(TypeError, match="Variable"):
        trainer.run(show_loop_exception_msg=False)
    assert configuration.config.keep_graph_on_report == before
    with pytest.raises(TypeError, match="bogus"):
        computational_graph.DumpGraph("loss", bogus=1)
