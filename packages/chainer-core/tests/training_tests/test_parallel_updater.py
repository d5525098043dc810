"""Tests of ParallelUpdater on CPU devices (two '@numpy' replicas)."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import optimizer as optimizer_module
from chainer import training
from chainer.dataset import iterator as iterator_module
from chainer.training import updaters


class ListIterator(iterator_module.Iterator):
    """Returns the given batches one after another; one epoch per pass."""

    def __init__(self, batches):
        self.batches = batches
        self.position = 0
        self.epoch = 0
        self.is_new_epoch = False

    def __next__(self):
        batch = self.batches[self.position]
        self.position += 1
        self.is_new_epoch = self.position == len(self.batches)
        if self.is_new_epoch:
            self.position = 0
            self.epoch += 1
        return batch

    @property
    def epoch_detail(self):
        return self.epoch + self.position / len(self.batches)

    previous_epoch_detail = None


class PlainRule(chainer.UpdateRule):
    def update_core(self, param):
        param.array -= self.hyperparam.lr * param.grad


class PlainSGD(chainer.GradientMethod):
    lr = optimizer_module.HyperparameterProxy("lr")

    def __init__(self, lr=0.1):
        super().__init__()
        self.hyperparam.lr = lr

    def create_update_rule(self):
        return PlainRule(self.hyperparam)


class Regression(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(numpy.array([[0.5, -0.5]], numpy.float32))

    def forward(self, x, t):
        loss = F.mean_squared_error(F.matmul(x, self.W, transb=True), t)
        chainer.report({"loss": loss}, self)
        return loss


def _batch(seed, n=4):
    rng = numpy.random.RandomState(seed)
    x = rng.standard_normal((n, 2)).astype(numpy.float32)
    t = rng.standard_normal((n, 1)).astype(numpy.float32)
    return [(x[i], t[i]) for i in range(n)]


def _grad_of_share(W, share):
    x = numpy.stack([e[0] for e in share])
    t = numpy.stack([e[1] for e in share])
    r = x @ W.T - t
    return 2 * (r.T @ x) / r.size


def test_one_step_sums_share_gradients_and_syncs_replicas():
    batch = _batch(0)
    model = Regression()
    W0 = model.W.array.copy()
    opt = PlainSGD(lr=0.1).setup(model)
    updater = updaters.ParallelUpdater(
        ListIterator([batch]), opt, devices={"main": "@numpy", "second": "@numpy"}
    )
    other = updater._models["second"]
    assert other is not model
    updater.update()

    expected = W0 - 0.1 * (_grad_of_share(W0, batch[0::2]) + _grad_of_share(W0, batch[1::2]))
    numpy.testing.assert_allclose(model.W.array, expected, rtol=1e-5)
    numpy.testing.assert_array_equal(other.W.array, model.W.array)
    assert updater.iteration == 1
    assert opt.epoch == 1  # the list iterator ends an epoch after its only batch


def test_trainer_observes_every_replica():
    model = Regression()
    opt = PlainSGD().setup(model)
    updater = updaters.ParallelUpdater(
        ListIterator([_batch(1), _batch(2)]), opt, devices={"main": -1, "second": -1}
    )
    trainer = training.Trainer(updater, (2, "iteration"))
    seen = []
    trainer.extend(lambda t: seen.append(sorted(t.observation)), name="spy")
    trainer.run()
    assert seen == [["main/loss", "second/loss"]] * 2


def test_models_given_explicitly():
    model, replica = Regression(), Regression()
    opt = PlainSGD().setup(model)
    updater = updaters.ParallelUpdater(
        ListIterator([_batch(3)]), opt, models={"main": model, "r": replica}
    )
    updater.update()
    numpy.testing.assert_array_equal(replica.W.array, model.W.array)


def test_parallel_updater_with_loss_func():
    model = Regression()
    opt = PlainSGD().setup(model)
    calls = []

    def loss_func(x, t):
        calls.append(len(x))
        return model(x, t)

    updater = updaters.ParallelUpdater(
        ListIterator([_batch(4, n=6)]), opt, devices={"main": -1, "b": -1}, loss_func=loss_func
    )
    updater.update()
    assert calls == [3, 3]


def test_parallel_updater_argument_errors():
    model = Regression()
    opt = PlainSGD().setup(model)
    it = ListIterator([_batch(0)])
    with pytest.raises(ValueError, match="models or devices"):
        updaters.ParallelUpdater(it, opt)
    with pytest.raises(KeyError, match="main"):
        updaters.ParallelUpdater(it, opt, devices={"a": -1, "b": -1})
    with pytest.raises(ValueError, match="target of the optimizer"):
        updaters.ParallelUpdater(it, opt, models={"main": Regression()})
    with pytest.raises(ValueError, match="same names"):
        updaters.ParallelUpdater(
            it, opt, models={"main": model, "x": Regression()}, devices={"main": -1}
        )
