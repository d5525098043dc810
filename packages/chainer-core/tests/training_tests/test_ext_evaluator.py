"""Evaluator: means over a validation set, reported under validation/main/..."""

import numpy
import pytest

import chainer
from chainer import training
from chainer.training.extensions.evaluator import Evaluator

iterators = pytest.importorskip("chainer.iterators")


class Reporting(chainer.Link):
    """Reports the mean of x and the train flag; counts the calls."""

    def __init__(self):
        super().__init__()
        self.calls = 0
        self.train_flags = []
        self.grad_flags = []

    def forward(self, x):
        self.calls += 1
        self.train_flags.append(chainer.config.train)
        self.grad_flags.append(chainer.config.enable_backprop)
        chainer.report({"mean": float(x.mean())}, self)


def _data():
    return [numpy.array([i], numpy.float32) for i in range(10)]


def test_evaluate_direct_call_means_per_batch():
    it = iterators.SerialIterator(_data(), 4, repeat=False, shuffle=False)
    link = Reporting()
    ev = Evaluator(it, link)
    result = ev()
    # batches [0..3], [4..7], [8, 9]: means 1.5, 5.5, 8.5, averaged per batch
    assert result["main/mean"] == pytest.approx((1.5 + 5.5 + 8.5) / 3)
    assert link.calls == 3
    assert link.train_flags == [False] * 3
    assert link.grad_flags == [False] * 3
    # the iterator is reset: a second evaluation sees the same batches
    assert ev()["main/mean"] == pytest.approx(result["main/mean"])
    assert link.calls == 6


def test_reports_under_name_to_current_reporter():
    it = iterators.SerialIterator(_data(), 5, repeat=False, shuffle=False)
    ev = Evaluator(it, Reporting())
    ev.name = "val"
    observation = {}
    with chainer.Reporter().scope(observation):
        ev()
    assert observation["val/main/mean"] == pytest.approx((2 + 7) / 2)


def test_eval_hook_eval_func_converter():
    it = iterators.SerialIterator(_data(), 5, repeat=False, shuffle=False)
    hooks = []
    seen = []

    def eval_func(x):
        seen.append(x.shape)
        chainer.report({"s": float(x.sum())})

    ev = Evaluator(
        {"main": it},
        {"main": Reporting()},
        converter=lambda batch: numpy.stack(batch) * 2,
        eval_hook=hooks.append,
        eval_func=eval_func,
    )
    result = ev()
    assert hooks == [ev]
    assert seen == [(5, 1), (5, 1)]
    assert result["s"] == pytest.approx((20 + 70) / 2)
    assert ev.get_iterator("main") is it
    assert set(ev.get_all_targets()) == {"main"}


def test_errors():
    with pytest.raises(ValueError, match="repeat"):
        Evaluator(iterators.SerialIterator(_data(), 2), Reporting())
    it = iterators.SerialIterator(_data(), 2, repeat=False)
    with pytest.raises(TypeError, match="unexpected"):
        Evaluator(it, Reporting(), bogus=1)
    with pytest.raises(ValueError, match="main"):
        Evaluator({"other": it}, Reporting())
    with pytest.raises(TypeError, match="converter"):
        Evaluator(it, Reporting(), converter=3)


def test_in_trainer_with_classifier():
    L = pytest.importorskip("chainer.links")
    optimizers = pytest.importorskip("chainer.optimizers")
    rng = numpy.random.RandomState(0)
    x = rng.randn(20, 3).astype(numpy.float32)
    t = (x[:, 0] > 0).astype(numpy.int32)
    data = list(zip(x, t))
    model = L.Classifier(L.Linear(3, 2))
    opt = optimizers.SGD(lr=0.1).setup(model)
    train_it = iterators.SerialIterator(data, 5)
    updater = training.updaters.StandardUpdater(train_it, opt)
    trainer = training.Trainer(updater, (2, "epoch"))
    ev = Evaluator(iterators.SerialIterator(data, 10, repeat=False, shuffle=False), model)
    trainer.extend(ev)
    seen = []
    trainer.extend(lambda tr: seen.append(dict(tr.observation)), name="grab")
    trainer.run()
    epochs = [o for o in seen if "validation/main/loss" in o]
    assert len(epochs) == 2
    assert "validation/main/accuracy" in epochs[-1]
    # the evaluator did not update the model: recompute the loss directly
    with chainer.using_config("train", False), chainer.no_backprop_mode():
        loss = float(model(x, t).array)
    assert float(epochs[-1]["validation/main/loss"]) == pytest.approx(loss, rel=1e-5)
