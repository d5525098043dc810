"""snapshot / snapshot_object and the snapshot writers, including a SIGKILL resume."""

import os
import signal
import subprocess
import sys
import textwrap
import warnings

import numpy
import pytest

import chainer
from chainer import training
from chainer.training.extensions import _snapshot_writers as writers
from chainer.training.extensions._snapshot import snapshot, snapshot_object

serializers = pytest.importorskip("chainer.serializers")
L = pytest.importorskip("chainer.links")
optimizers = pytest.importorskip("chainer.optimizers")
iterators = pytest.importorskip("chainer.iterators")

SRC = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "src")


class Holder(chainer.Link):
    def __init__(self, value=0.0):
        super().__init__()
        with self.init_scope():
            self.w = chainer.Parameter(numpy.full((3,), value, numpy.float32))


def _load_w(path):
    h = Holder()
    serializers.load_npz(path, h)
    return h.w.array.copy()


@pytest.mark.parametrize(
    "writer_cls",
    [writers.SimpleWriter, writers.ThreadWriter, writers.ProcessWriter, writers.ThreadQueueWriter],
)
def test_writers_save_state_at_call_time(tmp_path, writer_cls):
    h = Holder(1.0)
    w = writer_cls()
    w("a.npz", str(tmp_path), h)
    h.w.array[...] = 2.0  # the training goes on while the file is written
    w("b.npz", str(tmp_path), h)
    h.w.array[...] = 3.0
    w.finalize()
    numpy.testing.assert_array_equal(_load_w(str(tmp_path / "a.npz")), [1, 1, 1])
    numpy.testing.assert_array_equal(_load_w(str(tmp_path / "b.npz")), [2, 2, 2])
    assert sorted(os.listdir(tmp_path)) == ["a.npz", "b.npz"]  # no temporary left


def test_failed_save_leaves_no_file(tmp_path):
    def bad_save(path, target):
        with open(path, "wb") as f:
            f.write(b"partial")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        writers.SimpleWriter(savefun=bad_save)("s", str(tmp_path), Holder())
    assert os.listdir(tmp_path) == []
    w = writers.ThreadWriter(savefun=bad_save)
    w("s", str(tmp_path), Holder())
    with pytest.raises(RuntimeError, match="failed"):
        w.finalize()
    assert os.listdir(tmp_path) == []


def _trainer(n_iter, holder):
    opt = optimizers.SGD(lr=0.1).setup(holder)
    data = [numpy.zeros(3, numpy.float32)] * 4

    def loss(x):
        return chainer.functions.sum(holder.w * 0)

    it = iterators.SerialIterator(data, 2, shuffle=False)
    updater = training.updaters.StandardUpdater(it, opt, loss_func=loss)
    return training.Trainer(updater, (n_iter, "iteration"))


def test_snapshot_trainer_n_retains_condition(tmp_path):
    h = Holder()
    trainer = _trainer(6, h)
    trainer.out = str(tmp_path)
    flags = iter([True, False, True, True, True, True])
    trainer.extend(snapshot(n_retains=2, condition=lambda: next(flags)), trigger=(1, "iteration"))
    trainer.run()
    # taken at 1, 3, 4, 5, 6; only the two newest are kept
    assert sorted(os.listdir(tmp_path)) == ["snapshot_iter_5", "snapshot_iter_6"]
    ext = snapshot(target=h, filename="x")
    with pytest.raises(ValueError):
        snapshot(n_retains=0)
    with pytest.raises(ValueError, match="autoload"):
        snapshot(savefun=lambda p, t: None, autoload=True)
    assert ext.trigger == (1, "epoch")


def test_snapshot_object_and_autoload_skips_corrupt(tmp_path):
    h = Holder(5.0)
    trainer = _trainer(2, h)
    trainer.out = str(tmp_path)
    trainer.extend(snapshot_object(h, "h_{.updater.iteration}"), trigger=(1, "iteration"))
    trainer.run()
    numpy.testing.assert_array_equal(_load_w(str(tmp_path / "h_2")), [5, 5, 5])
    # a newer, corrupt file under a snapshot name (e.g. from a foreign copy)
    with open(tmp_path / "h_3", "wb") as f:
        f.write(b"PK\x03\x04 truncated")
    os.utime(tmp_path / "h_3", ns=(2**62, 2**62))
    with open(tmp_path / (writers.TEMP_PREFIX + "junk_h_9"), "wb") as f:
        f.write(b"junk")
    h2 = Holder(0.0)
    ext = snapshot_object(h2, "h_{.updater.iteration}", autoload=True)
    trainer2 = _trainer(1, Holder())
    trainer2.out = str(tmp_path)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        loaded = ext.initialize(trainer2)
    assert loaded.endswith("h_2")
    assert any("h_3" in str(r.message) for r in rec)
    numpy.testing.assert_array_equal(h2.w.array, [5, 5, 5])


def test_snapshot_on_error(tmp_path):
    h = Holder()
    trainer = _trainer(5, h)
    trainer.out = str(tmp_path)
    trainer.extend(snapshot(snapshot_on_error=True, filename="err"), trigger=(100, "iteration"))

    def boom(tr):
        if tr.updater.iteration == 2:
            raise KeyError("boom")

    trainer.extend(boom)
    with pytest.raises(KeyError):
        trainer.run(show_loop_exception_msg=False)
    assert os.listdir(tmp_path) == ["err"]


SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    import numpy
    import chainer, chainer.functions as F, chainer.links as L
    from chainer import iterators, optimizers, serializers, training
    from chainer.training.extensions._snapshot import snapshot

    out, total, kill_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    numpy.random.seed(0)
    rng = numpy.random.RandomState(1)
    x = rng.randn(40, 4).astype(numpy.float32)
    t = rng.randint(0, 2, 40).astype(numpy.int32)

    class MLP(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(4, 8)
                self.l2 = L.Linear(8, 2)

        def forward(self, x):
            return self.l2(F.relu(self.l1(x)))

    model = L.Classifier(MLP())
    opt = optimizers.MomentumSGD(lr=0.1).setup(model)
    it = iterators.SerialIterator(list(zip(x, t)), 7, shuffle=True)
    updater = training.updaters.StandardUpdater(it, opt)
    trainer = training.Trainer(updater, (total, "iteration"), out=out)
    trainer.extend(snapshot(autoload=True, n_retains=2), trigger=(3, "iteration"))

    def killer(tr):
        if tr.updater.iteration == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    trainer.extend(killer, priority=-1000)
    trainer.extend(
        lambda tr: print("start", tr.updater.iteration, flush=True),
        name="show_start", trigger=(10**9, "iteration"), call_before_training=True,
    )
    trainer.run()
    serializers.save_npz(os.path.join(out, "final.npz"), model)
    """
)


def _run(script, out, total, kill_at):
    env = dict(os.environ, PYTHONPATH=os.path.abspath(SRC))
    return subprocess.run(
        [sys.executable, str(script), str(out), str(total), str(kill_at)],
        env=env,
        capture_output=True,
        timeout=60,
    )


def test_sigkill_mid_epoch_then_autoload_resumes_exactly(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    total = 20  # 40 examples / batch 7: epochs end mid-run

    ref = _run(script, tmp_path / "ref", total, -1)
    assert ref.returncode == 0, ref.stderr.decode()

    first = _run(script, tmp_path / "run", total, 13)  # killed at 13: last snapshot at 12
    assert first.returncode == -signal.SIGKILL
    names = sorted(os.listdir(tmp_path / "run"))
    assert names == ["snapshot_iter_12", "snapshot_iter_9"]  # n_retains=2, nothing partial

    second = _run(script, tmp_path / "run", total, -1)
    assert second.returncode == 0, second.stderr.decode()
    assert b"start 12" in second.stdout  # it really continued from the snapshot

    a = numpy.load(tmp_path / "ref" / "final.npz")
    b = numpy.load(tmp_path / "run" / "final.npz")
    assert sorted(a.files) == sorted(b.files) and a.files
    for key in a.files:
        assert a[key].tobytes() == b[key].tobytes(), key
    expected = ["final.npz", "snapshot_iter_15", "snapshot_iter_18"]
    assert sorted(os.listdir(tmp_path / "run")) == expected


def test_resume_without_snapshot_differs(tmp_path):
    """The exactness check can fail: a restart from scratch after fewer iterations differs."""
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    r1 = _run(script, tmp_path / "a", 20, -1)
    r2 = _run(script, tmp_path / "b", 19, -1)
    assert r1.returncode == 0 and r2.returncode == 0
    a = numpy.load(tmp_path / "a" / "final.npz")
    b = numpy.load(tmp_path / "b" / "final.npz")
    assert any(a[k].tobytes() != b[k].tobytes() for k in a.files)
