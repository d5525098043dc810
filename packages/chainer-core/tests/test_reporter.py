import gc
import threading
import weakref

import numpy
import pytest

import chainer
from chainer import reporter as reporter_module
from chainer import serializer as serializer_module
from chainer.link import Chain, Link

# -- a tiny dict (de)serializer pair -------------------------------------------


class DictSerializer(serializer_module.Serializer):
    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSerializer(self.target, self.path + key + "/")

    def __call__(self, key, value):
        self.target[self.path + key] = value if isinstance(value, str) else numpy.array(value)
        return value


class DictDeserializer(serializer_module.Deserializer):
    def __init__(self, target, path=""):
        self.target = target
        self.path = path

    def __getitem__(self, key):
        return DictDeserializer(self.target, self.path + key + "/")

    def __call__(self, key, value):
        stored = self.target[self.path + key]  # KeyError when missing
        if value is None or isinstance(stored, str):
            return stored
        return type(value)(stored)


# -- Reporter ------------------------------------------------------------------


def test_report_with_observer_prefixes_name():
    reporter = reporter_module.Reporter()
    observer = object()
    reporter.add_observer("my_observer", observer)
    observation = {}
    with reporter.scope(observation):
        reporter.report({"x": 1, "y": 2.5}, observer)
    assert observation == {"my_observer/x": 1, "my_observer/y": 2.5}


def test_report_without_observer_uses_plain_keys():
    reporter = reporter_module.Reporter()
    observation = {}
    with reporter.scope(observation):
        reporter.report({"x": 3})
    assert observation == {"x": 3}


def test_report_goes_to_reporter_observation_outside_scope():
    reporter = reporter_module.Reporter()
    reporter.report({"a": 1})
    assert reporter.observation == {"a": 1}


def test_add_observers_builds_hierarchical_names():
    class Net(Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = Link()
                self.l2 = Link()

    net = Net()
    reporter = reporter_module.Reporter()
    reporter.add_observer("main", net)
    reporter.add_observers("main", net.namedlinks(skipself=True))
    observation = {}
    with reporter.scope(observation):
        reporter_module.report({"loss": 1.0}, net)
        reporter_module.report({"acc": 0.5}, net.l1)
        reporter_module.report({"norm": 2.0}, net.l2)
    assert observation == {"main/loss": 1.0, "main/l1/acc": 0.5, "main/l2/norm": 2.0}


def test_unregistered_observer_raises():
    reporter = reporter_module.Reporter()
    reporter.add_observer("a", object())
    with pytest.raises(KeyError, match="not registered"):
        reporter.report({"x": 1}, object())


def test_with_makes_reporter_current_and_nests():
    outer = reporter_module.Reporter()
    inner = reporter_module.Reporter()
    with pytest.raises(IndexError, match="no reporter is current"):
        reporter_module.get_current_reporter()
    with outer as entered:
        assert entered is outer
        assert reporter_module.get_current_reporter() is outer
        with inner:
            assert reporter_module.get_current_reporter() is inner
            reporter_module.report({"x": 1})
        assert reporter_module.get_current_reporter() is outer
        reporter_module.report({"y": 2})
    assert inner.observation == {"x": 1}
    assert outer.observation == {"y": 2}
    with pytest.raises(IndexError):
        reporter_module.get_current_reporter()


def test_report_is_noop_without_current_reporter():
    reporter = reporter_module.Reporter()
    reporter_module.report({"x": 1})
    assert reporter.observation == {}


def test_scope_restores_observation_and_stack_on_error():
    reporter = reporter_module.Reporter()
    original = reporter.observation
    observation = {}
    with pytest.raises(RuntimeError), reporter.scope(observation):
        assert reporter_module.get_current_reporter() is reporter
        assert reporter.observation is observation
        raise RuntimeError
    assert reporter.observation is original
    assert reporter_module._get_reporters() == []


def test_report_scope_swaps_observation_without_pushing():
    reporter = reporter_module.Reporter()
    with reporter:
        depth = len(reporter_module._get_reporters())
        first, second = {}, {}
        with reporter_module.report_scope(first):
            assert len(reporter_module._get_reporters()) == depth
            reporter_module.report({"x": 1})
            with reporter_module.report_scope(second):
                reporter_module.report({"y": 2})
            reporter_module.report({"z": 3})
        reporter_module.report({"w": 4})
    assert first == {"x": 1, "z": 3}
    assert second == {"y": 2}
    assert reporter.observation == {"w": 4}


def test_report_scope_requires_current_reporter():
    with pytest.raises(IndexError), reporter_module.report_scope({}):
        pass


def test_current_reporter_is_thread_local():
    reporter = reporter_module.Reporter()
    seen = []

    def worker():
        try:
            reporter_module.get_current_reporter()
            seen.append("found")
        except IndexError:
            seen.append("none")
        reporter_module.report({"from_thread": 1})

    with reporter:
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen == ["none"]
    assert reporter.observation == {}


def _make_loss():
    x = chainer.Variable(numpy.arange(3, dtype=numpy.float32))
    y = x * 2.0
    loss = chainer.functions.sum(y)
    return loss, weakref.ref(loss.creator), weakref.ref(y)


def test_reported_variable_is_unchained_and_releases_graph():
    reporter = reporter_module.Reporter()
    observation = {}
    loss, creator_ref, y_ref = _make_loss()
    with reporter.scope(observation):
        reporter_module.report({"loss": loss})
    stored = observation["loss"]
    assert isinstance(stored, chainer.Variable)
    assert stored is not loss
    assert stored.creator is None
    assert stored.array is loss.array
    numpy.testing.assert_array_equal(stored.array, numpy.float32(6.0))
    del loss
    gc.collect()
    assert creator_ref() is None
    assert y_ref() is None


def test_keep_graph_on_report_keeps_graph():
    reporter = reporter_module.Reporter()
    observation = {}
    loss, creator_ref, _ = _make_loss()
    with chainer.using_config("keep_graph_on_report", True), reporter.scope(observation):
        reporter_module.report({"loss": loss})
    assert observation["loss"] is loss
    del loss
    gc.collect()
    assert creator_ref() is not None
    assert observation["loss"].creator is creator_ref()


# -- Summary -------------------------------------------------------------------


def test_summary_weighted_mean_and_std_match_numpy():
    values = numpy.array([1.5, -2.0, 4.25, 0.5])
    weights = numpy.array([1.0, 3.0, 0.5, 2.0])
    summary = reporter_module.Summary()
    for v, w in zip(values, weights):
        summary.add(v, weight=w)
    expected_mean = numpy.average(values, weights=weights)
    expected_std = numpy.sqrt(numpy.average((values - expected_mean) ** 2, weights=weights))
    numpy.testing.assert_allclose(summary.compute_mean(), expected_mean, rtol=1e-12)
    mean, std = summary.make_statistics()
    numpy.testing.assert_allclose(mean, expected_mean, rtol=1e-12)
    numpy.testing.assert_allclose(std, expected_std, rtol=1e-12)


def test_summary_accepts_zero_dim_arrays_and_variables():
    summary = reporter_module.Summary()
    summary.add(numpy.array(2.0, dtype=numpy.float32))
    summary.add(chainer.Variable(numpy.array(4.0, dtype=numpy.float32)))
    summary.add(numpy.float32(9.0), weight=numpy.array(2.0, dtype=numpy.float32))
    values = numpy.array([2.0, 4.0, 9.0, 9.0])
    mean, std = summary.make_statistics()
    assert not isinstance(mean, chainer.Variable)
    numpy.testing.assert_allclose(mean, values.mean(), rtol=1e-6)
    numpy.testing.assert_allclose(std, values.std(), rtol=1e-6)


def test_summary_std_of_constant_is_zero_not_nan():
    summary = reporter_module.Summary()
    for _ in range(3):
        summary.add(0.1)
    _, std = summary.make_statistics()
    assert std == 0.0 or (0.0 <= std < 1e-8)


def test_summary_serialize_round_trip():
    summary = reporter_module.Summary()
    for v in (1.0, 2.0, 6.0):
        summary.add(v)
    ser = DictSerializer()
    summary.serialize(ser)
    assert set(ser.target) == {"_x", "_x2", "_n"}
    numpy.testing.assert_allclose(ser.target["_x"], 9.0)
    numpy.testing.assert_allclose(ser.target["_x2"], 41.0)
    assert ser.target["_n"] == 3

    restored = reporter_module.Summary()
    restored.serialize(DictDeserializer(ser.target))
    numpy.testing.assert_allclose(restored.compute_mean(), 3.0)
    restored.add(11.0)
    numpy.testing.assert_allclose(restored.compute_mean(), 5.0)


def test_summary_deserialize_missing_keys_warns():
    summary = reporter_module.Summary()
    summary.add(2.0)
    with pytest.warns(UserWarning, match="previous statistics are not saved"):
        summary.serialize(DictDeserializer({}))
    numpy.testing.assert_allclose(summary.compute_mean(), 2.0)


# -- DictSummary ---------------------------------------------------------------


def test_dict_summary_means_and_statistics_match_numpy():
    a = numpy.array([1.0, 2.0, 6.0])
    b = numpy.array([-1.0, 3.0])
    summary = reporter_module.DictSummary()
    summary.add({"a": a[0], "b": b[0]})
    summary.add({"a": numpy.array(a[1]), "b": chainer.Variable(numpy.array(b[1]))})
    summary.add({"a": chainer.Variable(numpy.array(a[2], dtype=numpy.float32))})

    means = summary.compute_mean()
    assert set(means) == {"a", "b"}
    numpy.testing.assert_allclose(means["a"], a.mean(), rtol=1e-6)
    numpy.testing.assert_allclose(means["b"], b.mean(), rtol=1e-12)

    stats = summary.make_statistics()
    assert set(stats) == {"a", "a.std", "b", "b.std"}
    numpy.testing.assert_allclose(stats["a"], a.mean(), rtol=1e-6)
    numpy.testing.assert_allclose(stats["a.std"], a.std(), rtol=1e-6)
    numpy.testing.assert_allclose(stats["b.std"], b.std(), rtol=1e-12)


def test_dict_summary_skips_non_scalar_values():
    summary = reporter_module.DictSummary()
    summary.add(
        {
            "scalar": 2.0,
            "vector": numpy.arange(3.0),
            "variable_vector": chainer.Variable(numpy.ones((2,), dtype=numpy.float32)),
            "text": "hello",
            "none": None,
            "object": object(),
            "int": numpy.int32(4),
        }
    )
    assert set(summary.compute_mean()) == {"scalar", "int"}


def test_dict_summary_weighted_tuples():
    values = numpy.array([2.0, 5.0, 8.0])
    weights = numpy.array([1.0, 2.0, 3.0])
    summary = reporter_module.DictSummary()
    summary.add({"x": (values[0], weights[0])})
    summary.add({"x": (chainer.Variable(numpy.array(values[1])), numpy.array(weights[1]))})
    summary.add({"x": (values[2], chainer.Variable(numpy.array(weights[2])))})
    expected_mean = numpy.average(values, weights=weights)
    expected_std = numpy.sqrt(numpy.average((values - expected_mean) ** 2, weights=weights))
    stats = summary.make_statistics()
    numpy.testing.assert_allclose(stats["x"], expected_mean, rtol=1e-12)
    numpy.testing.assert_allclose(stats["x.std"], expected_std, rtol=1e-12)


def test_dict_summary_rejects_non_scalar_weight():
    summary = reporter_module.DictSummary()
    with pytest.raises(ValueError, match="'x'"):
        summary.add({"x": (1.0, numpy.ones(2))})


def test_dict_summary_serialize_round_trip():
    summary = reporter_module.DictSummary()
    summary.add({"main/loss": 1.0, "main/acc": 0.25})
    summary.add({"main/loss": 3.0, "main/acc": (0.75, 3)})
    ser = DictSerializer()
    summary.serialize(ser)
    assert "_names" in ser.target

    restored = reporter_module.DictSummary()
    restored.add({"stale": 100.0})
    restored.serialize(DictDeserializer(ser.target))
    assert restored.make_statistics().keys() == summary.make_statistics().keys()
    for key, value in summary.make_statistics().items():
        numpy.testing.assert_allclose(restored.make_statistics()[key], value, err_msg=key)
    numpy.testing.assert_allclose(restored.compute_mean()["main/acc"], (0.25 + 0.75 * 3) / 4)


def test_dict_summary_deserialize_without_names_warns():
    summary = reporter_module.DictSummary()
    summary.add({"x": 1.0})
    with pytest.warns(UserWarning, match="names of statistics are not saved"):
        summary.serialize(DictDeserializer({}))
    assert summary.compute_mean() == {}
