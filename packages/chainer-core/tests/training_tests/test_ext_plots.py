"""Tests of PlotReport and VariableStatisticsPlot.

Their bookkeeping is tested with a stand-in for ``matplotlib.pyplot``; the
tests that draw real figures skip when matplotlib is not installed.
"""

import importlib.util
import json
from unittest import mock

import numpy
import pytest

import chainer
from chainer import testing
from chainer.serializers import npz
from chainer.training.extensions import _plot, plot_report, variable_statistics_plot

HAS_MPL = importlib.util.find_spec("matplotlib") is not None
needs_mpl = pytest.mark.skipif(
    not HAS_MPL, reason='matplotlib is not installed (pip install "chainer-core[plot]")'
)


@pytest.fixture
def fake_pyplot(monkeypatch):
    plt = mock.MagicMock()
    monkeypatch.setattr(_plot, "get_pyplot", lambda owner: plt)
    return plt


def _trainer(tmp_path, n=6, iter_per_epoch=3):
    trainer = testing.get_trainer_with_mock_updater((n, "iteration"), iter_per_epoch)
    trainer.out = str(tmp_path)
    return trainer


def test_plot_report_data(tmp_path, fake_pyplot):
    trainer = _trainer(tmp_path)
    values = [1.0, 2.0, 3.0, 10.0, 20.0, 60.0]

    def report():
        i = trainer.updater.iteration
        chainer.report({"loss": values[i], "other": 7.0})

    trainer.updater.update_core.side_effect = report
    ext = plot_report.PlotReport("loss", marker=None)
    trainer.extend(ext)
    trainer.run()
    # per-epoch means, at x = iteration
    assert ext.data == {"loss": [(3, 2.0), (6, 30.0)]}
    assert fake_pyplot.figure.call_count == 2
    fig = fake_pyplot.figure.return_value
    fig.savefig.assert_called()
    assert fig.savefig.call_args[0][0] == str(tmp_path / "plot.png")


def test_plot_report_epoch_and_serialize(tmp_path, fake_pyplot):
    trainer = _trainer(tmp_path)
    trainer.updater.update_core.side_effect = lambda: chainer.report({"a": 1.0})
    ext = plot_report.PlotReport(["a", "b"], x_key="epoch", filename="p.png")
    trainer.extend(ext)
    trainer.run()
    assert ext.data == {"a": [(1, 1.0), (2, 1.0)], "b": []}
    s = npz.DictionarySerializer()
    ext.serialize(s)
    assert json.loads(str(s.target["_plot_p.png"]))["a"] == [[1, 1.0], [2, 1.0]]
    other = plot_report.PlotReport(["a", "b"], x_key="epoch", filename="p.png")
    other.serialize(npz.NpzDeserializer(s.target))
    assert other.data == ext.data


def test_plot_report_arguments():
    with pytest.raises(ValueError, match="x_key"):
        plot_report.PlotReport("a", x_key="time")
    with pytest.raises(TypeError, match="bogus"):
        plot_report.PlotReport("a", bogus=1)
    with pytest.warns(DeprecationWarning, match="file_name"):
        ext = plot_report.PlotReport("a", file_name="x.png")
    assert ext._filename == "x.png"
    assert plot_report.PlotReport.available() is HAS_MPL


@pytest.mark.skipif(HAS_MPL, reason="matplotlib is installed")
def test_missing_matplotlib_message(tmp_path):
    trainer = _trainer(tmp_path)
    trainer.extend(plot_report.PlotReport("a"))
    with pytest.raises(ImportError, match=r'pip install "chainer-core\[plot\]"'):
        trainer.run(show_loop_exception_msg=False)
    ext = variable_statistics_plot.VariableStatisticsPlot(chainer.Variable(numpy.zeros(2)))
    with pytest.raises(ImportError, match="VariableStatisticsPlot"):
        ext.initialize(trainer)


@needs_mpl
def test_plot_report_writes_png(tmp_path):
    trainer = _trainer(tmp_path)
    trainer.updater.update_core.side_effect = lambda: chainer.report({"a": 1.0})
    trainer.extend(plot_report.PlotReport("a"))
    trainer.run()
    assert (tmp_path / "plot.png").read_bytes()[:4] == b"\x89PNG"


def test_variable_statistics(tmp_path, fake_pyplot):
    x = numpy.arange(10, dtype=numpy.float32)
    v = chainer.Variable(x.copy())
    v.grad = numpy.full(10, 2.0, dtype=numpy.float32)
    sigmas = (0, 50, 100)
    ext = variable_statistics_plot.VariableStatisticsPlot(
        v, percentile_sigmas=sigmas, trigger=(1, "iteration"), max_sample_size=4
    )
    stats = ext.compute_statistics()
    expected = numpy.concatenate([[x.mean(), x.std()], numpy.percentile(x, sigmas)])
    numpy.testing.assert_allclose(stats[0], expected, rtol=1e-6)
    numpy.testing.assert_allclose(stats[1], [2.0, 0.0, 2.0, 2.0, 2.0])
    axes = numpy.empty((1, 2), dtype=object)
    axes[0, 0], axes[0, 1] = mock.MagicMock(), mock.MagicMock()
    fake_pyplot.subplots.return_value = (mock.MagicMock(), axes)
    trainer = _trainer(tmp_path, n=10)
    trainer.extend(ext)
    trainer.run()
    idxs, data = ext._reservoir.get_data()
    assert len(idxs) == 4 and list(idxs) == sorted(idxs)
    assert set(idxs) <= set(range(1, 11))
    assert data.shape == (4, 2, 5)
    axes[0, 0].set_title.assert_called_with("data")
    axes[0, 1].set_title.assert_called_with("grad")


def test_variable_statistics_link_and_arguments():
    link = chainer.Link()
    with link.init_scope():
        link.p = chainer.Parameter(numpy.array([1.0, 3.0], dtype=numpy.float32))
    ext = variable_statistics_plot.VariableStatisticsPlot([link], report_grad=False)
    stats = ext.compute_statistics()
    assert stats.shape == (1, 11)
    assert stats[0, 0] == pytest.approx(2.0) and stats[0, 1] == pytest.approx(1.0)
    with pytest.raises(TypeError, match="targets"):
        variable_statistics_plot.VariableStatisticsPlot([3])
    with pytest.raises(ValueError, match="report_data"):
        variable_statistics_plot.VariableStatisticsPlot(link, report_data=False, report_grad=False)
    with pytest.raises(ValueError, match="percentile_sigmas"):
        variable_statistics_plot.VariableStatisticsPlot(link, percentile_sigmas=(150,))


def test_reservoir_is_uniform_sample():
    r = variable_statistics_plot.Reservoir(3, (), rng=numpy.random.default_rng(0))
    for i in range(100):
        r.add(float(i), idx=i)
    idxs, data = r.get_data()
    assert len(idxs) == 3 and list(idxs) == sorted(idxs)
    numpy.testing.assert_array_equal(idxs.astype(float), data)


@needs_mpl
def test_variable_statistics_writes_png(tmp_path):
    v = chainer.Variable(numpy.arange(4, dtype=numpy.float32))
    trainer = _trainer(tmp_path, n=2)
    trainer.extend(variable_statistics_plot.VariableStatisticsPlot(v, trigger=(1, "iteration")))
    trainer.run()
    assert (tmp_path / "statistics.png").read_bytes()[:4] == b"\x89PNG"
