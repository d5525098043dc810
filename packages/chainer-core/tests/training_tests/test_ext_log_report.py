"""LogReport, PrintReport and ProgressBar through a real Trainer."""

import io
import json
import os

import numpy
import pytest

import chainer
from chainer import training
from chainer.serializers import load_npz, save_npz
from chainer.training.extensions.log_report import LogReport
from chainer.training.extensions.print_report import PrintReport
from chainer.training.extensions.progress_bar import ProgressBar


class DummyUpdater(training.Updater):
    def __init__(self, iters_per_epoch=4):
        self.iteration = 0
        self.iters_per_epoch = iters_per_epoch
        self._link = chainer.Link()
        self._opt = type("Opt", (), {"target": self._link})()

    @property
    def epoch(self):
        return self.iteration // self.iters_per_epoch

    @property
    def epoch_detail(self):
        return self.iteration / self.iters_per_epoch

    @property
    def previous_epoch_detail(self):
        return max(0, self.iteration - 1) / self.iters_per_epoch

    @property
    def is_new_epoch(self):
        return self.iteration % self.iters_per_epoch == 0

    def update(self):
        self.iteration += 1
        chainer.report({"loss": float(self.iteration), "acc": 0.5}, self._link)

    def get_all_optimizers(self):
        return {"main": self._opt}

    def connect_trainer(self, trainer):
        pass

    def finalize(self):
        pass

    def serialize(self, serializer):
        self.iteration = int(serializer("iteration", self.iteration))


def _trainer(epochs=2):
    return training.Trainer(DummyUpdater(), (epochs, "epoch"))


def test_log_means_per_epoch_and_json_file():
    trainer = _trainer()
    calls = []
    lr = LogReport(postprocess=lambda s: calls.append(s["iteration"]))
    trainer.extend(lr)
    trainer.run()
    log = lr.log
    assert [e["epoch"] for e in log] == [1, 2]
    assert [e["iteration"] for e in log] == [4, 8]
    assert log[0]["main/loss"] == pytest.approx(2.5)  # mean of 1..4
    assert log[1]["main/loss"] == pytest.approx(6.5)  # mean of 5..8
    assert all("elapsed_time" in e for e in log)
    assert calls == [4, 8]
    with open(os.path.join("result", "log")) as f:
        assert json.load(f) == log
    assert not [n for n in os.listdir("result") if n != "log"]  # no temporary left


def test_keys_trigger_filename_and_log_name():
    trainer = _trainer(1)
    lr = LogReport(keys=["main/acc"], trigger=(2, "iteration"), filename="out.json")
    trainer.extend(lr)
    trainer.run()
    assert [e["iteration"] for e in lr.log] == [2, 4]
    assert "main/loss" not in lr.log[0] and lr.log[0]["main/acc"] == 0.5
    assert os.path.exists(os.path.join("result", "out.json"))
    with pytest.warns(DeprecationWarning):
        lr2 = LogReport(log_name="old")
    assert lr2._log_name == "old"
    with pytest.warns(DeprecationWarning):
        assert LogReport(log_name=None)._log_name is None
    with pytest.raises(TypeError, match="unexpected"):
        LogReport(bogus=1)


def test_serialize_round_trip(tmp_path):
    trainer = _trainer(1)
    lr = LogReport(trigger=(3, "iteration"))
    trainer.extend(lr)
    trainer.run()  # entry at 3; iteration 4 is in the running summary
    save_npz(str(tmp_path / "s.npz"), lr)
    lr2 = LogReport(trigger=(3, "iteration"))
    load_npz(str(tmp_path / "s.npz"), lr2)
    assert lr2.log == lr.log
    assert lr2._summary.compute_mean()["main/loss"] == pytest.approx(4.0)


def test_print_report_table():
    trainer = _trainer()
    out = io.StringIO()
    trainer.extend(LogReport())
    trainer.extend(PrintReport(["epoch", "main/loss", "missing"], out=out))
    trainer.run()
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["epoch", "main/loss", "missing"]
    assert lines[0].startswith("epoch" + " " * 5 + "  main/loss")
    assert lines[1].split() == ["1", "2.5"]
    assert lines[2].split() == ["2", "6.5"]
    assert len(lines) == 3


def test_print_report_bad_log_report():
    trainer = _trainer(1)
    trainer.extend(PrintReport(["epoch"], out=io.StringIO()))
    with pytest.raises(ValueError, match="LogReport"):
        trainer.run(show_loop_exception_msg=False)
    with pytest.raises(TypeError):
        PrintReport("epoch")


def test_progress_bar_draws_and_clears():
    trainer = _trainer(2)
    out = io.StringIO()
    trainer.extend(ProgressBar(update_interval=2, bar_length=10, out=out))
    trainer.run()
    text = out.getvalue()
    assert "total [##########] 100.00%" in text
    assert "total [#####.....]  50.00%" in text
    assert "this epoch [#####.....]" in text
    assert "Estimated time to finish" in text
    assert text.endswith("\033[4A\033[J")
    with pytest.raises(ValueError, match="update_interval"):
        ProgressBar(update_interval=0)


def test_progress_bar_needs_length():
    trainer = training.Trainer(DummyUpdater(), lambda tr: tr.updater.iteration >= 2)
    trainer.extend(ProgressBar(update_interval=1, out=io.StringIO()))
    with pytest.raises(ValueError, match="training_length"):
        trainer.run(show_loop_exception_msg=False)
    numpy.testing.assert_equal(1, 1)
