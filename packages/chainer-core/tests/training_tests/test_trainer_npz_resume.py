"""Trainer resume through the real pieces: SerialIterator, MomentumSGD and save_npz/load_npz."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import training
from chainer.training import triggers, updaters

serializers = pytest.importorskip("chainer.serializers")
optimizers = pytest.importorskip("chainer.optimizers")
iterators = pytest.importorskip("chainer.iterators")
if not hasattr(iterators, "SerialIterator") or not hasattr(optimizers, "MomentumSGD"):
    pytest.skip(
        "chainer.iterators.SerialIterator or MomentumSGD is missing", allow_module_level=True
    )


class LinearRegression(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(numpy.zeros((1, 3), numpy.float32))
            self.b = chainer.Parameter(numpy.zeros((1,), numpy.float32))

    def forward(self, x, t):
        loss = F.mean_squared_error(F.linear(x, self.W, self.b), t)
        chainer.report({"loss": loss}, self)
        return loss


def _dataset():
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (40, 3)).astype(numpy.float32)
    t = (x @ numpy.array([[1.0, -2.0, 3.0]], numpy.float32).T + 0.5).astype(numpy.float32)
    return list(zip(x, t))


class BestLoss(training.Extension):
    """Counts the new minima of main/loss (a trigger with state inside the snapshot)."""

    def __init__(self):
        self.hits = 0

    def __call__(self, trainer):
        self.hits += 1

    def serialize(self, serializer):
        self.hits = int(serializer("hits", self.hits))


def _make(stop):
    numpy.random.seed(3)  # SerialIterator's shuffle order
    model = LinearRegression()
    opt = optimizers.MomentumSGD(lr=0.05).setup(model)
    it = iterators.SerialIterator(_dataset(), 8, shuffle=True)
    trainer = training.Trainer(updaters.StandardUpdater(it, opt), stop)
    best = BestLoss()
    trainer.extend(best, trigger=triggers.MinValueTrigger("main/loss", (1, "epoch")))
    trainer.extend(
        lambda t: None, name="manual", trigger=triggers.ManualScheduleTrigger([3, 9], "iteration")
    )
    return trainer, model, best


def test_save_npz_then_load_npz_resumes_exactly(tmp_path):
    reference, ref_model, ref_best = _make((23, "iteration"))
    reference.run()

    first, _, _ = _make((11, "iteration"))
    first.run()
    path = tmp_path / "snapshot.npz"
    serializers.save_npz(path, first)

    resumed, model, best = _make((23, "iteration"))
    serializers.load_npz(path, resumed)
    assert resumed.updater.iteration == 11
    resumed.run()

    numpy.testing.assert_array_equal(model.W.array, ref_model.W.array)
    numpy.testing.assert_array_equal(model.b.array, ref_model.b.array)
    assert best.hits == ref_best.hits > 0
    assert resumed.elapsed_time >= first.elapsed_time


def test_snapshot_before_any_best_value_loads(tmp_path):
    trainer, _, _ = _make((2, "iteration"))
    trainer.run()  # less than an epoch: the best value is still unknown
    path = tmp_path / "early.npz"
    serializers.save_npz(path, trainer)
    resumed, _, _ = _make((10, "iteration"))
    serializers.load_npz(path, resumed)
    resumed.run()
