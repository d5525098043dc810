"""StandardUpdater and Trainer together: a real (small) training run, resume, conversions."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import optimizer as optimizer_module
from chainer import serializer as serializer_module
from chainer import training
from chainer.dataset import iterator as iterator_module
from chainer.training import updaters

# -- tiny stand-ins for SerialIterator and the optimizers -----------------------


class TinyIterator(iterator_module.Iterator):
    """Repeating, optionally shuffled (with its own saved RNG state) serial iterator."""

    def __init__(self, dataset, batch_size, shuffle=False, seed=0):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self._rng = numpy.random.RandomState(seed)
        self.current_position = 0
        self.epoch = 0
        self.is_new_epoch = False
        self._previous_epoch_detail = -1.0
        self.finalized = 0
        self._order = self._new_order()

    def _new_order(self):
        n = len(self.dataset)
        return self._rng.permutation(n) if self.shuffle else numpy.arange(n)

    def __next__(self):
        self._previous_epoch_detail = self.epoch_detail
        n = len(self.dataset)
        i = self.current_position
        indices = list(self._order[i : i + self.batch_size])
        i_end = i + self.batch_size
        if i_end >= n:
            self._order = self._new_order()
            rest = i_end - n
            indices += list(self._order[:rest])
            self.current_position = rest
            self.epoch += 1
            self.is_new_epoch = True
        else:
            self.current_position = i_end
            self.is_new_epoch = False
        return [self.dataset[j] for j in indices]

    @property
    def epoch_detail(self):
        return self.epoch + self.current_position / len(self.dataset)

    @property
    def previous_epoch_detail(self):
        return None if self._previous_epoch_detail < 0 else self._previous_epoch_detail

    def finalize(self):
        self.finalized += 1

    def serialize(self, serializer):
        self.current_position = int(serializer("current_position", self.current_position))
        self.epoch = int(serializer("epoch", self.epoch))
        self.is_new_epoch = bool(serializer("is_new_epoch", self.is_new_epoch))
        self._previous_epoch_detail = float(
            serializer("previous_epoch_detail", self._previous_epoch_detail)
        )
        self._order = serializer("order", self._order)
        state = serializer("rng_keys", self._rng.get_state()[1])
        pos = int(serializer("rng_pos", self._rng.get_state()[2]))
        self._rng.set_state(("MT19937", state, pos))


class MomentumRule(chainer.UpdateRule):
    def init_state(self, param):
        self.state["v"] = param.xp.zeros_like(param.array)

    def update_core(self, param):
        v = self.state["v"]
        v *= self.hyperparam.momentum
        v -= self.hyperparam.lr * param.grad
        param.array += v


class TinyMomentumSGD(chainer.GradientMethod):
    lr = optimizer_module.HyperparameterProxy("lr")
    momentum = optimizer_module.HyperparameterProxy("momentum")

    def __init__(self, lr=0.05, momentum=0.9):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.momentum = momentum

    def create_update_rule(self):
        return MomentumRule(self.hyperparam)


# -- a dict (de)serializer pair -------------------------------------------------


class DictSerializer(serializer_module.Serializer):
    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSerializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key, value):
        if isinstance(value, str):
            self.target[self.path + key] = value
        else:
            self.target[self.path + key] = numpy.array(value)  # a copy
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
            return stored.copy() if isinstance(stored, numpy.ndarray) else stored
        if isinstance(value, numpy.ndarray):
            value[...] = stored
            return value
        return type(value)(stored)


# -- the model -------------------------------------------------------------------


class LinearRegression(chainer.Chain):
    def __init__(self, n_in):
        super().__init__()
        with self.init_scope():
            self.W = chainer.Parameter(numpy.zeros((1, n_in), numpy.float32))
            self.b = chainer.Parameter(numpy.zeros((1,), numpy.float32))

    def forward(self, x, t):
        y = F.linear(x, self.W, self.b)
        loss = F.mean_squared_error(y, t)
        chainer.report({"loss": loss}, self)
        return loss


TRUE_W = numpy.array([[2.0, -3.0, 0.5]], numpy.float32)
TRUE_B = numpy.float32(1.0)


def make_dataset(n=64, seed=0):
    rng = numpy.random.RandomState(seed)
    x = rng.uniform(-1, 1, (n, 3)).astype(numpy.float32)
    t = (x @ TRUE_W.T + TRUE_B + 0.01 * rng.standard_normal((n, 1))).astype(numpy.float32)
    return list(zip(x, t))


def make_trainer(stop, shuffle=True, extensions=()):
    model = LinearRegression(3)
    opt = TinyMomentumSGD().setup(model)
    it = TinyIterator(make_dataset(), batch_size=16, shuffle=shuffle)
    updater = updaters.StandardUpdater(it, opt)
    trainer = training.Trainer(updater, stop, extensions=list(extensions))
    return trainer, model, opt, it


# -- training runs --------------------------------------------------------------


def test_linear_regression_converges_and_reports_loss():
    losses = []

    @training.make_extension(trigger=(1, "iteration"))
    def record(trainer):
        losses.append(float(trainer.observation["main/loss"].array))

    trainer, model, opt, it = make_trainer((40, "epoch"), extensions=[record])
    trainer.run()

    assert trainer.updater.iteration == 160
    assert trainer.updater.epoch == 40
    assert opt.epoch == 40  # auto_new_epoch
    assert opt.t == 160
    assert len(losses) == 160
    assert losses[-1] < 1e-3 < losses[0]
    numpy.testing.assert_allclose(model.W.array, TRUE_W, atol=0.02)
    numpy.testing.assert_allclose(model.b.array, [TRUE_B], atol=0.02)
    assert it.finalized == 1
    assert trainer.elapsed_time > 0


def test_child_links_are_observed_with_their_path():
    class Inner(chainer.Link):
        def __call__(self, x):
            chainer.report({"mean": F.mean(x)}, self)
            return x

    class Outer(LinearRegression):
        def __init__(self):
            super().__init__(3)
            with self.init_scope():
                self.inner = Inner()

        def forward(self, x, t):
            return super().forward(self.inner(x), t)

    model = Outer()
    opt = TinyMomentumSGD().setup(model)
    updater = updaters.StandardUpdater(TinyIterator(make_dataset(8), 4), opt)
    trainer = training.Trainer(updater, (1, "iteration"))
    seen = []
    trainer.extend(lambda t: seen.append(sorted(t.observation)), name="spy")
    trainer.run()
    assert seen == [["main/inner/mean", "main/loss"]]


def test_resume_from_serialized_trainer_is_exact():
    reference, ref_model, _, _ = make_trainer((15, "iteration"))
    reference.run()

    first, _, _, _ = make_trainer((7, "iteration"))
    first.run()
    state = {}
    first.serialize(DictSerializer(state))
    assert int(state["updater/iteration"]) == 7
    assert "updater/optimizer:main/W/v" in state
    assert "updater/model:main/W" in state
    assert "updater/iterator:main/current_position" in state
    assert "stop_trigger/_previous_iteration" in state

    resumed, model, opt, it = make_trainer((15, "iteration"))
    resumed.serialize(DictDeserializer(state))
    assert resumed.updater.iteration == 7 and opt.t == 7
    resumed.run()
    assert resumed.updater.iteration == 15
    numpy.testing.assert_array_equal(model.W.array, ref_model.W.array)
    numpy.testing.assert_array_equal(model.b.array, ref_model.b.array)


def test_extension_and_its_trigger_are_serialized():
    class Counter(training.Extension):
        trigger = 3, "iteration"

        def __init__(self):
            self.count = 0

        def __call__(self, trainer):
            self.count += 1

        def serialize(self, serializer):
            self.count = int(serializer("count", self.count))

    first, _, _, _ = make_trainer((4, "iteration"))
    first.extend(Counter())
    first.run()
    state = {}
    first.serialize(DictSerializer(state))
    assert int(state["extensions/Counter/count"]) == 1
    assert int(state["extension_triggers/Counter/_previous_iteration"]) == 4

    resumed, _, _, _ = make_trainer((9, "iteration"))
    counter = Counter()
    resumed.extend(counter)
    resumed.serialize(DictDeserializer(state))
    resumed.run()
    assert counter.count == 3  # fired at 3 (before), 6 and 9


# -- update_core details ----------------------------------------------------------


class RecordingLoss:
    def __init__(self, model):
        self.model = model
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return F.sum(self.model.W) * 0


def _updater_with(converter, batch_example=(1, 2)):
    model = LinearRegression(3)
    opt = TinyMomentumSGD().setup(model)
    loss = RecordingLoss(model)
    it = TinyIterator([batch_example] * 4, batch_size=2)
    return updaters.StandardUpdater(it, opt, converter=converter, loss_func=loss), loss


def test_converted_tuple_is_spread_as_positional_arguments():
    updater, loss = _updater_with(lambda batch: ("a", "b"))
    updater.update()
    assert loss.calls == [(("a", "b"), {})]


def test_converted_dict_is_spread_as_keyword_arguments():
    updater, loss = _updater_with(lambda batch: {"x": 1, "t": 2})
    updater.update()
    assert loss.calls == [((), {"x": 1, "t": 2})]


def test_converted_other_value_is_one_argument():
    updater, loss = _updater_with(lambda batch: [9, 9])
    updater.update()
    assert loss.calls == [(([9, 9],), {})]
    assert updater.iteration == 1


def test_default_converter_is_concat_examples():
    assert updaters.StandardUpdater.__init__.__defaults__[0] is chainer.dataset.concat_examples
    updater, loss = _updater_with(
        chainer.dataset.concat_examples, (numpy.ones(3, numpy.float32), numpy.int32(4))
    )
    updater.update()
    (x, t), _ = loss.calls[0]
    assert x.shape == (2, 3) and t.tolist() == [4, 4]


def test_converter_receives_device():
    received = []

    @chainer.dataset.converter()
    def new_style(batch, device=None):
        received.append(("new", device))
        return batch

    def old_style(batch, device=None):
        received.append(("old", device))
        return batch

    def no_device(batch):
        received.append(("none",))
        return batch

    for conv, kwargs in [
        (new_style, {"device": "@numpy"}),
        (old_style, {"device": "@numpy"}),
        (old_style, {"input_device": -1}),
        (no_device, {}),
    ]:
        model = LinearRegression(3)
        opt = TinyMomentumSGD().setup(model)
        updater = updaters.StandardUpdater(
            TinyIterator([1, 2], 1),
            opt,
            converter=conv,
            loss_func=lambda *a, m=model: F.sum(m.W) * 0,
            **kwargs,
        )
        updater.update()
    assert received[0][0] == "new" and isinstance(received[0][1], chainer.backend.CpuDevice)
    assert received[1:] == [("old", -1), ("old", -1), ("none",)]


def test_device_and_input_device_properties():
    model = LinearRegression(3)
    opt = TinyMomentumSGD().setup(model)
    updater = updaters.StandardUpdater(TinyIterator([1], 1), opt, device="@numpy")
    assert isinstance(updater.device, chainer.backend.CpuDevice)
    assert updater.input_device is updater.device
    assert model.device == updater.device
    updater = updaters.StandardUpdater(TinyIterator([1], 1), opt)
    assert updater.device is None and updater.input_device is None


def test_loss_scale_and_auto_new_epoch_are_applied_to_optimizers():
    model = LinearRegression(3)
    opt = TinyMomentumSGD().setup(model)
    updaters.StandardUpdater(TinyIterator([1], 1), opt, loss_scale=8.0)
    assert opt._loss_scale == 8.0
    assert opt.use_auto_new_epoch

    opt2 = TinyMomentumSGD().setup(LinearRegression(3))
    updater = updaters.StandardUpdater(TinyIterator(make_dataset(4), 2), opt2, auto_new_epoch=False)
    assert not opt2.use_auto_new_epoch
    for _ in range(4):
        updater.update()
    assert opt2.epoch == 0 and updater.epoch == 2


def test_epoch_properties_follow_main_iterator():
    trainer, _, _, it = make_trainer((1, "iteration"))
    updater = trainer.updater
    updater.update()
    updater.update()
    updater.update()
    updater.update()
    assert updater.epoch == it.epoch == 1
    assert updater.is_new_epoch
    assert updater.epoch_detail == 1.0
    assert updater.previous_epoch_detail == 0.75


def test_dicts_of_iterators_and_optimizers():
    main_opt = TinyMomentumSGD().setup(LinearRegression(3))
    other_opt = TinyMomentumSGD().setup(LinearRegression(3))
    main_it, other_it = TinyIterator([1], 1), TinyIterator([2], 1)
    updater = updaters.StandardUpdater(
        {"main": main_it, "other": other_it}, {"main": main_opt, "other": other_opt}
    )
    assert updater.get_iterator("other") is other_it
    assert updater.get_optimizer("main") is main_opt
    all_opts = updater.get_all_optimizers()
    assert all_opts == {"main": main_opt, "other": other_opt}
    all_opts.clear()
    assert updater.get_optimizer("other") is other_opt
    updater.finalize()
    assert main_it.finalized == other_it.finalized == 1

    trainer = training.Trainer(updater)
    observation = {}
    with trainer.reporter.scope(observation):
        chainer.report({"x": 1}, other_opt.target)
    assert observation == {"other/x": 1}


def test_optimizer_without_target_and_bad_converter_are_errors():
    with pytest.raises(ValueError, match="setup"):
        updaters.StandardUpdater(TinyIterator([1], 1), TinyMomentumSGD())
    opt = TinyMomentumSGD().setup(LinearRegression(3))
    with pytest.raises(TypeError, match="converter"):
        updaters.StandardUpdater(TinyIterator([1], 1), opt, converter="concat")


def test_updater_base_class_interface():
    base = training.Updater()
    base.connect_trainer(None)
    base.finalize()
    for call in (
        lambda: base.get_optimizer("main"),
        base.get_all_optimizers,
        base.update,
        lambda: base.serialize(None),
    ):
        with pytest.raises(NotImplementedError):
            call()
    assert training.updater.StandardUpdater is updaters.StandardUpdater
    assert training.StandardUpdater is updaters.StandardUpdater
