"""Optimizer infrastructure: Hyperparameter, UpdateRule, Optimizer, GradientMethod.

The optimizers here are defined in this file (plain SGD and momentum SGD) and
every expected value is computed by hand with NumPy.
"""

import copy
import pickle

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import optimizer as optimizer_module
from chainer.backends import cuda

Hyperparameter = optimizer_module.Hyperparameter
UpdateRule = optimizer_module.UpdateRule


# -- optimizers defined for the tests ------------------------------------------


class SGDRule(UpdateRule):
    def update_core_cpu(self, param):
        param.array -= self.hyperparam.lr * param.grad

    update_core_gpu = update_core_cpu


class PlainSGD(optimizer_module.GradientMethod):
    """No HyperparameterProxy: ``opt.lr`` goes through the generic delegation."""

    def __init__(self, lr=0.1):
        super().__init__()
        self.hyperparam.lr = lr

    def create_update_rule(self):
        return SGDRule(self.hyperparam)


class MomentumRule(UpdateRule):
    def init_state(self, param):
        self.state["v"] = param.xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        v = self.state["v"]
        v *= self.hyperparam.momentum
        v -= self.hyperparam.lr * param.grad
        param.array += v

    update_core_gpu = update_core_cpu


class MomentumSGD(optimizer_module.GradientMethod):
    lr = optimizer_module.HyperparameterProxy("lr")
    momentum = optimizer_module.HyperparameterProxy("momentum")

    def __init__(self, lr=0.1, momentum=0.9):
        super().__init__()
        self.lr = lr
        self.momentum = momentum

    def create_update_rule(self):
        return MomentumRule(self.hyperparam)


# -- a two-link model and a dict (de)serializer ---------------------------------


def _link(dtype=numpy.float32, **arrays):
    link = chainer.Link()
    with link.init_scope():
        for name, value in arrays.items():
            setattr(link, name, chainer.Parameter(numpy.array(value, dtype=dtype)))
    return link


def make_model(dtype=numpy.float32):
    return chainer.Chain(
        l1=_link(dtype, w=[1.0, 2.0, 3.0]),
        l2=_link(dtype, b=[[0.5, -0.5], [1.5, -1.5]]),
    )


def set_grads(model, g1, g2):
    # Copies: rules and hooks may change gradients in place.
    model.l1.w.grad = numpy.array(g1, dtype=model.l1.w.dtype)
    model.l2.b.grad = numpy.array(g2, dtype=model.l2.b.dtype)


G1 = numpy.array([0.1, -0.2, 0.3], numpy.float32)
G2 = numpy.array([[1.0, 2.0], [-3.0, 4.0]], numpy.float32)


class DictSerializer:
    def __init__(self, target=None, path=""):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        return DictSerializer(self.target, self.path + key.strip("/") + "/")

    def __call__(self, key, value):
        stored = value.copy() if isinstance(value, numpy.ndarray) else value
        self.target[self.path + key] = stored
        return value

    def save(self, obj):
        obj.serialize(self)


class DictDeserializer:
    def __init__(self, target, path="", strict=True):
        self.target = target
        self.path = path
        self.strict = strict

    def __getitem__(self, key):
        return DictDeserializer(self.target, self.path + key.strip("/") + "/", self.strict)

    def __call__(self, key, value):
        full = self.path + key
        if full not in self.target:
            if self.strict:
                raise KeyError(full)
            return value
        stored = self.target[full]
        if value is None:
            return stored.copy() if isinstance(stored, numpy.ndarray) else stored
        if isinstance(value, numpy.ndarray):
            numpy.copyto(value, stored)
            return value
        return type(value)(stored)

    def load(self, obj):
        obj.serialize(self)


# -- Hyperparameter --------------------------------------------------------------


def test_hyperparameter_falls_back_to_parent_and_overrides():
    root = Hyperparameter()
    root.lr = 0.1
    root.momentum = 0.9
    child = Hyperparameter(root)
    assert child.parent is root and root.parent is None
    assert child.lr == 0.1
    child.lr = 0.5
    assert (child.lr, root.lr, child.momentum) == (0.5, 0.1, 0.9)
    root.momentum = 0.8  # later parent changes show through
    assert child.momentum == 0.8
    assert child.get_dict() == {"lr": 0.5, "momentum": 0.8}
    assert root.get_dict() == {"lr": 0.1, "momentum": 0.8}
    assert repr(child) == "Hyperparameter(lr=0.5, momentum=0.8)"


def test_hyperparameter_missing_entry_and_copies():
    hp = Hyperparameter(Hyperparameter())
    with pytest.raises(AttributeError, match="eps"):
        hp.eps
    assert not hasattr(hp, "eps")
    hp.parent.eps = 1e-8
    clone = pickle.loads(pickle.dumps(hp))
    assert clone.eps == 1e-8 and clone.parent is not hp.parent
    assert copy.deepcopy(hp).get_dict() == {"eps": 1e-8}


def test_hyperparameter_proxy_reads_and_writes_hyperparam():
    opt = MomentumSGD(lr=0.2, momentum=0.5)
    assert opt.hyperparam.get_dict() == {"lr": 0.2, "momentum": 0.5}
    assert "lr" not in opt.__dict__
    opt.lr = 0.3
    assert opt.hyperparam.lr == 0.3 and opt.lr == 0.3
    assert isinstance(MomentumSGD.lr, optimizer_module.HyperparameterProxy)


def test_optimizer_attributes_delegate_to_hyperparam():
    opt = PlainSGD(lr=0.25)
    assert opt.lr == 0.25
    opt.lr = 0.125
    assert opt.hyperparam.lr == 0.125 and "lr" not in opt.__dict__
    with pytest.raises(AttributeError, match="nosuch"):
        opt.nosuch
    opt.note = "plain attribute"  # not a hyperparameter: an ordinary attribute
    assert opt.__dict__["note"] == "plain attribute"
    assert not hasattr(opt.hyperparam, "note")
    with pytest.raises(AttributeError):
        optimizer_module.Optimizer().lr


# -- one step of GradientMethod.update --------------------------------------------


def test_one_step_matches_numpy():
    model = make_model()
    w0, b0 = model.l1.w.array.copy(), model.l2.b.array.copy()
    opt = PlainSGD(lr=0.1)
    assert opt.setup(model) is opt
    set_grads(model, G1, G2)
    opt.update()
    numpy.testing.assert_array_equal(model.l1.w.array, w0 - numpy.float32(0.1) * G1)
    numpy.testing.assert_array_equal(model.l2.b.array, b0 - numpy.float32(0.1) * G2)
    assert opt.t == 1
    assert model.l1.w.update_rule.t == 1 and model.l2.b.update_rule.t == 1


def test_rule_hyperparameter_overrides_optimizer():
    model = make_model()
    w0, b0 = model.l1.w.array.copy(), model.l2.b.array.copy()
    opt = PlainSGD(lr=0.1).setup(model)
    model.l1.w.update_rule.hyperparam.lr = 0.5
    opt.lr = 0.25  # reaches every rule that did not override lr
    set_grads(model, G1, G2)
    opt.update()
    numpy.testing.assert_array_equal(model.l1.w.array, w0 - numpy.float32(0.5) * G1)
    numpy.testing.assert_array_equal(model.l2.b.array, b0 - numpy.float32(0.25) * G2)


def test_disabled_rule_leaves_parameter():
    model = make_model()
    w0, b0 = model.l1.w.array.copy(), model.l2.b.array.copy()
    opt = PlainSGD(lr=0.1).setup(model)
    model.l1.disable_update()
    set_grads(model, G1, G2)
    opt.update()
    numpy.testing.assert_array_equal(model.l1.w.array, w0)
    assert model.l1.w.update_rule.t == 0
    numpy.testing.assert_array_equal(model.l2.b.array, b0 - numpy.float32(0.1) * G2)


def test_rule_skips_parameter_without_grad_or_data():
    rule = SGDRule(Hyperparameter())
    rule.hyperparam.lr = 1.0
    p = chainer.Parameter(numpy.ones(2, numpy.float32))
    rule.update(p)
    numpy.testing.assert_array_equal(p.array, [1.0, 1.0])
    assert rule.t == 0 and rule.state is None
    lazy = chainer.Parameter(chainer.initializers.Zero())
    rule.update(lazy)
    assert rule.t == 0


def test_update_with_lossfun():
    model = make_model()
    w0 = model.l1.w.array.copy()
    x = numpy.array([1.0, -2.0, 0.5], numpy.float32)
    model.l1.w.grad = numpy.full(3, 100.0, numpy.float32)  # stale: must be cleared
    seen = {}

    def lossfun(a, *, scale):
        seen["args"] = (a, scale)
        return F.sum(model.l1.w * a) * scale

    opt = PlainSGD(lr=0.1).setup(model)
    opt.update(lossfun, x, scale=2.0)
    assert seen["args"][0] is x and seen["args"][1] == 2.0
    numpy.testing.assert_allclose(model.l1.w.array, w0 - 0.1 * 2.0 * x, rtol=1e-6)
    # l2 took no part: its cleared gradient is reallocated as zeros, its data unchanged.
    numpy.testing.assert_array_equal(model.l2.b.grad, numpy.zeros((2, 2), numpy.float32))
    numpy.testing.assert_array_equal(model.l2.b.array, [[0.5, -0.5], [1.5, -1.5]])
    assert opt.t == 1


def test_update_before_setup_and_setup_errors():
    with pytest.raises(RuntimeError, match="setup"):
        PlainSGD().update()
    with pytest.raises(TypeError, match="link must be a chainer.Link, not builtins.list"):
        PlainSGD().setup([1, 2])
    with pytest.raises(TypeError, match="link"):
        PlainSGD().setup(chainer.Parameter(numpy.zeros(1, numpy.float32)))
    with pytest.raises(NotImplementedError, match="create_update_rule"):
        optimizer_module.GradientMethod().setup(make_model())
    with pytest.raises(NotImplementedError):
        optimizer_module.Optimizer().setup(make_model()).update()


def test_setup_resets_counters_and_gives_fresh_rules():
    model = make_model()
    opt = PlainSGD().setup(model)
    set_grads(model, G1, G2)
    opt.update()
    opt.new_epoch()
    first_rule = model.l1.w.update_rule
    opt.setup(model)
    assert (opt.t, opt.epoch) == (0, 0)
    assert model.l1.w.update_rule is not first_rule
    assert model.l1.w.update_rule.hyperparam.parent is opt.hyperparam


def test_reallocate_cleared_grads_skips_uninitialized():
    model = make_model()
    with model.l2.init_scope():
        model.l2.lazy = chainer.Parameter(chainer.initializers.Zero())
    opt = PlainSGD().setup(model)
    opt.reallocate_cleared_grads()
    numpy.testing.assert_array_equal(model.l1.w.grad, numpy.zeros(3, numpy.float32))
    assert model.l2.lazy.grad is None and model.l2.lazy.array is None
    opt.update()  # an uninitialized parameter is skipped by its rule
    assert model.l2.lazy.update_rule.t == 0


# -- update rules: state, dispatch, hooks -----------------------------------------


def test_state_is_created_lazily_and_momentum_matches_numpy():
    model = make_model()
    opt = MomentumSGD(lr=0.1, momentum=0.9).setup(model)
    rule = model.l1.w.update_rule
    assert rule.state is None
    w = model.l1.w.array.copy()
    v = numpy.zeros(3, numpy.float32)
    for step in range(3):
        g = G1 * (step + 1)
        set_grads(model, g, G2)
        opt.update()
        v = numpy.float32(0.9) * v - numpy.float32(0.1) * g
        w = w + v
    numpy.testing.assert_allclose(model.l1.w.array, w, rtol=1e-6)
    numpy.testing.assert_allclose(rule.state["v"], v, rtol=1e-6)
    assert rule.t == 3


def test_update_core_dispatches_by_backend():
    calls = []

    class Recorder(UpdateRule):
        def update_core_cpu(self, param):
            calls.append("cpu")

        def update_core_gpu(self, param):
            calls.append("gpu")

    p = chainer.Parameter(numpy.zeros(2, numpy.float32))
    p.grad = numpy.ones(2, numpy.float32)
    Recorder().update(p)
    assert calls == ["cpu"]

    class NoCore(UpdateRule):
        pass

    with pytest.raises(NotImplementedError, match="NoCore does not implement update_core_cpu"):
        NoCore().update(p)
    with pytest.raises(RuntimeError, match="ChainerX is not supported"):
        NoCore().update_core_chainerx(p)


def test_rule_hooks_pre_and_post_order():
    events = []

    class Rule(SGDRule):
        def update_core_cpu(self, param):
            events.append(("core", float(param.array[0])))
            super().update_core_cpu(param)

    def pre(rule, param):
        events.append(("pre", float(param.array[0])))

    class PostHook:
        name = "post"
        timing = "post"

        def __call__(self, rule, param):
            events.append(("post", float(param.array[0])))

    rule = Rule(Hyperparameter())
    rule.hyperparam.lr = 1.0
    rule.add_hook(PostHook())  # timing='auto' takes the hook's own 'post'
    rule.add_hook(pre)  # no timing attribute: 'pre'
    p = chainer.Parameter(numpy.array([3.0], numpy.float32))
    p.grad = numpy.array([1.0], numpy.float32)
    rule.update(p)
    assert events == [("pre", 3.0), ("core", 3.0), ("post", 2.0)]

    with pytest.raises(ValueError, match="already exists"):
        rule.add_hook(pre)
    with pytest.raises(TypeError, match="callable"):
        rule.add_hook(3, name="x")
    with pytest.raises(ValueError, match="timing"):
        rule.add_hook(pre, name="p2", timing="later")
    rule.add_hook(PostHook(), name="forced", timing="pre")  # explicit timing wins
    rule.remove_hook("pre")
    rule.remove_hook("post")
    events.clear()
    p.grad = numpy.array([1.0], numpy.float32)
    rule.update(p)
    assert events == [("post", 2.0), ("core", 2.0)]
    with pytest.raises(KeyError):
        rule.remove_hook("pre")


# -- optimizer hooks ---------------------------------------------------------------


class _Recorder:
    def __init__(self, events, name, timing=None, per_param=False):
        self.events = events
        self.name = name
        if timing is not None:
            self.timing = timing
        self.call_for_each_param = per_param

    def __call__(self, *args):
        if self.call_for_each_param:
            rule, param = args
            self.events.append((self.name, param.name, rule is param.update_rule))
        else:
            (opt,) = args
            self.events.append((self.name, float(opt.target.l1.w.array[0])))


def test_optimizer_hooks_pre_post_and_auto_timing():
    model = make_model()
    model.l1.w.name = "w"
    model.l2.b.name = "b"
    events = []
    opt = PlainSGD(lr=1.0).setup(model)
    opt.add_hook(_Recorder(events, "post_auto", timing="post"))
    opt.add_hook(_Recorder(events, "pre_explicit", timing="post"), timing="pre")
    opt.add_hook(_Recorder(events, "each", timing="pre", per_param=True))
    with pytest.warns(UserWarning, match="timing"):
        opt.add_hook(_Recorder(events, "no_timing"))
    set_grads(model, [1.0, 0.0, 0.0], G2)
    opt.update()
    assert events == [
        ("pre_explicit", 1.0),
        ("each", "w", True),
        ("each", "b", True),
        ("no_timing", 1.0),
        ("post_auto", 0.0),
    ]
    opt.remove_hook("pre_explicit")
    opt.remove_hook("post_auto")
    with pytest.raises(KeyError):
        opt.remove_hook("post_auto")
    with pytest.raises(KeyError, match="already exists"):
        opt.add_hook(_Recorder(events, "each", timing="pre"))
    with pytest.raises(ValueError, match="timing"):
        opt.add_hook(_Recorder(events, "x"), timing="sometime")
    with pytest.raises(ValueError, match="timing"):
        opt.call_hooks("middle")
    with pytest.raises(TypeError, match="callable"):
        opt.add_hook(None, name="none")


def test_add_hook_before_setup_fails():
    with pytest.raises(RuntimeError, match="setup"):
        PlainSGD().add_hook(_Recorder([], "h", timing="pre"))


def test_pre_hook_changes_gradient_before_update():
    model = make_model()
    w0 = model.l1.w.array.copy()

    def double_grads(opt):
        for param in opt.target.params():
            param.grad *= 2

    double_grads.timing = "pre"
    opt = PlainSGD(lr=0.1).setup(model)
    opt.add_hook(double_grads)
    set_grads(model, G1, G2)
    opt.update()
    numpy.testing.assert_array_equal(model.l1.w.array, w0 - numpy.float32(0.1) * (2 * G1))


def test_hook_that_clears_grads_gets_them_reallocated():
    model = make_model()

    def clear(opt):
        opt.target.cleargrads()

    opt = PlainSGD().setup(model)
    opt.add_hook(clear, timing="pre")
    set_grads(model, G1, G2)
    opt.update()  # the rules find zero gradients instead of None
    numpy.testing.assert_array_equal(model.l1.w.array, [1.0, 2.0, 3.0])
    assert model.l1.w.update_rule.t == 1


# -- epochs ------------------------------------------------------------------------


def test_new_epoch_and_auto_flag():
    opt = PlainSGD().setup(make_model())
    opt.new_epoch()
    assert opt.epoch == 1
    with pytest.raises(RuntimeError, match="use_auto_new_epoch"):
        opt.new_epoch(auto=True)
    opt.use_auto_new_epoch = True
    opt.new_epoch(auto=True)
    assert opt.epoch == 2
    with pytest.raises(RuntimeError, match="duplicated"):
        opt.new_epoch()
    assert opt.epoch == 2


# -- loss scaling --------------------------------------------------------------------


def test_static_loss_scale_divides_gradients_before_update():
    model = make_model()
    w0 = model.l1.w.array.copy()
    x = numpy.array([0.5, -1.0, 2.0], numpy.float32)
    seen = {}

    def opt_pre(opt):
        seen["scaled"] = opt.target.l1.w.grad.copy()

    def rule_pre(rule, param):
        seen["rule"] = param.grad.copy()

    opt = PlainSGD(lr=0.1).setup(model)
    opt.set_loss_scale(8.0)
    opt.add_hook(opt_pre, timing="pre")
    model.l1.w.update_rule.add_hook(rule_pre)
    opt.update(lambda: F.sum(model.l1.w * x))
    numpy.testing.assert_array_equal(seen["scaled"], 8.0 * x)  # backward used the scale
    numpy.testing.assert_array_equal(seen["rule"], x)  # the rule got it divided back
    numpy.testing.assert_array_equal(model.l1.w.array, w0 - numpy.float32(0.1) * x)
    assert model.l1.w._loss_scale is None  # consumed with the gradient it scaled

    # Later gradients computed without loss scaling are not divided again.
    w1 = model.l1.w.array.copy()
    opt.set_loss_scale(None)
    set_grads(model, G1, G2)
    opt.update()
    numpy.testing.assert_array_equal(model.l1.w.array, w1 - numpy.float32(0.1) * G1)


def test_loss_scaling_argument_checks():
    opt = PlainSGD().setup(make_model())
    with pytest.raises(ValueError, match="positive"):
        opt.set_loss_scale(0)
    with pytest.raises(ValueError, match="interval"):
        opt.loss_scaling(interval=0)


def test_dynamic_loss_scaling_skips_non_finite_steps():
    model = make_model()
    opt = PlainSGD(lr=0.5).setup(model)
    opt.loss_scaling(interval=3)
    assert opt._loss_scale == 1.0

    # Before the first overflow the scale doubles after every good step.
    for expected in (2.0, 4.0, 8.0):
        set_grads(model, G1, G2)
        opt.update()
        assert opt._loss_scale == expected
    assert opt.is_safe_to_update()

    w = model.l1.w.array.copy()
    b = model.l2.b.array.copy()
    set_grads(model, G1, [[numpy.inf, 0.0], [0.0, numpy.nan]])
    with pytest.warns(RuntimeWarning, match="/l2/b"):
        opt.update()
    assert not opt.is_safe_to_update()
    numpy.testing.assert_array_equal(model.l1.w.array, w)  # the whole step is skipped
    numpy.testing.assert_array_equal(model.l2.b.array, b)
    assert model.l1.w.update_rule.t == 3
    assert opt._loss_scale == 4.0
    assert opt.t == 4

    # After an overflow, the scale doubles only after `interval` good steps.
    for expected in (4.0, 4.0, 8.0, 8.0):
        set_grads(model, G1, G2)
        opt.update()
        assert opt._loss_scale == expected
    numpy.testing.assert_allclose(model.l1.w.array, w - 4 * numpy.float32(0.5) * G1, rtol=1e-6)


def test_dynamic_loss_scale_bounds_and_lossfun_round_trip():
    model = make_model()
    opt = PlainSGD(lr=0.5).setup(model)
    opt.loss_scaling(interval=1)
    set_grads(model, [numpy.nan, 0, 0], G2)
    with pytest.warns(RuntimeWarning):
        opt.update()
    assert opt._loss_scale == 1.0  # never below 1
    opt._loss_scale = 65504.0
    set_grads(model, G1, G2)
    opt.update()
    assert opt._loss_scale == 65504.0  # never above the largest float16

    opt._loss_scale = 1024.0
    w = model.l1.w.array.copy()
    x = numpy.array([0.25, 0.5, -1.0], numpy.float32)
    opt.update(lambda: F.sum(model.l1.w * x))
    numpy.testing.assert_array_equal(model.l1.w.array, w - numpy.float32(0.5) * x)


def test_check_nan_only_under_dynamic_scaling():
    model = make_model()
    opt = PlainSGD().setup(model)
    set_grads(model, [numpy.nan, 0, 0], G2)
    assert opt.check_nan_in_grads() is False and opt.is_safe_to_update()
    opt.loss_scaling()
    with pytest.warns(RuntimeWarning, match="/l1/w"):
        assert opt.check_nan_in_grads() is True
    assert not opt.is_safe_to_update()
    opt.set_loss_scale(2.0)  # static again
    assert opt.check_nan_in_grads() is False


# -- float16 parameters through a float32 master copy --------------------------------


def test_fp32_update_accumulates_small_steps():
    lr, steps = 1e-4, 10
    w0 = numpy.array([1.0, 2.0, -1.0], numpy.float16)
    g = numpy.array([1.0, 1.0, -1.0], numpy.float16)

    def run(fp32):
        model = chainer.Chain(l1=_link(numpy.float16, w=w0))
        opt = PlainSGD(lr=lr).setup(model)
        if fp32:
            opt.use_fp32_update()
        for _ in range(steps):
            model.l1.w.grad = g.copy()
            opt.update()
        return model

    master = w0.astype(numpy.float32)
    for _ in range(steps):
        master -= numpy.float32(lr) * g.astype(numpy.float32)
    naive = w0.copy()
    for _ in range(steps):
        naive -= numpy.float16(lr) * g

    model = run(fp32=True)
    w = model.l1.w
    assert w.dtype == numpy.float16
    numpy.testing.assert_array_equal(w.array, master.astype(numpy.float16))
    rule_master = w.update_rule._fp32_param
    assert rule_master.dtype == numpy.float32
    numpy.testing.assert_array_equal(rule_master.array, master)
    assert rule_master.grad is None  # released after each update
    # Plain float16 updates round every step away; the master copy does not.
    numpy.testing.assert_array_equal(run(fp32=False).l1.w.array, naive)
    numpy.testing.assert_array_equal(naive, w0)
    assert not numpy.array_equal(w.array, naive)


def test_fp32_update_flag_reaches_rules_and_ignores_float32():
    model = make_model()
    opt = PlainSGD().setup(model)
    opt.use_fp32_update()
    assert model.l1.w.update_rule._use_fp32_update
    set_grads(model, G1, G2)
    opt.update()
    assert model.l1.w.update_rule._fp32_param is None  # float32: updated directly
    opt.setup(make_model())
    assert opt.target.l2.b.update_rule._use_fp32_update  # later setups too
    opt.use_fp32_update(False)
    assert not opt.target.l2.b.update_rule._use_fp32_update


def test_fp32_update_with_loss_scale():
    model = chainer.Chain(l1=_link(numpy.float16, w=[1.0, 2.0, 3.0]))
    opt = PlainSGD(lr=0.5).setup(model)
    opt.use_fp32_update()
    opt.set_loss_scale(1024.0)
    x = numpy.array([0.5, -0.25, 1.0], numpy.float16)
    opt.update(lambda: F.sum(model.l1.w * x))
    expected = numpy.array([1.0, 2.0, 3.0], numpy.float32) - 0.5 * x.astype(numpy.float32)
    numpy.testing.assert_array_equal(model.l1.w.array, expected.astype(numpy.float16))


# -- serialization ---------------------------------------------------------------------


def _train(opt, model, grads):
    for g1, g2 in grads:
        set_grads(model, g1, g2)
        opt.update()


def test_serialize_round_trip_resumes_exactly():
    grads = [(G1 * k, G2 / k) for k in (1, 2, 3)]
    model = make_model()
    opt = MomentumSGD(lr=0.1, momentum=0.9).setup(model)
    _train(opt, model, grads[:2])
    opt.new_epoch()
    model.l1.w.update_rule.hyperparam.lr = 0.05  # rule hyperparameters are not state

    saved = {}
    DictSerializer(saved).save(opt)
    assert saved["t"] == 2 and saved["epoch"] == 1
    assert saved["l1/w/t"] == 2
    numpy.testing.assert_array_equal(saved["l1/w/v"], model.l1.w.update_rule.state["v"])
    assert set(saved) == {"t", "epoch", "l1/w/t", "l1/w/v", "l2/b/t", "l2/b/v"}

    # A fresh optimizer on a copy of the parameters resumes where the first one stopped.
    model2 = copy.deepcopy(model)
    opt2 = MomentumSGD(lr=0.1, momentum=0.9).setup(model2)
    model2.l1.w.update_rule.hyperparam.lr = 0.05
    assert model2.l1.w.update_rule.state is None
    DictDeserializer(saved).load(opt2)
    assert (opt2.t, opt2.epoch) == (2, 1)
    assert model2.l1.w.update_rule.t == 2
    numpy.testing.assert_array_equal(
        model2.l2.b.update_rule.state["v"], model.l2.b.update_rule.state["v"]
    )
    _train(opt, model, grads[2:])
    _train(opt2, model2, grads[2:])
    numpy.testing.assert_array_equal(model2.l1.w.array, model.l1.w.array)
    numpy.testing.assert_array_equal(model2.l2.b.array, model.l2.b.array)

    # Without the loaded momentum the result differs (the test can tell).
    model3 = copy.deepcopy(model2)
    model3.l1.w.array[...] = model.l1.w.array
    opt3 = MomentumSGD(lr=0.1, momentum=0.9).setup(model3)
    _train(opt3, model3, grads[2:])
    _train(opt, model, grads[2:])
    assert not numpy.array_equal(model3.l1.w.array, model.l1.w.array)


def test_deserialize_into_existing_state_and_missing_entries():
    model = make_model()
    opt = MomentumSGD().setup(model)
    _train(opt, model, [(G1, G2)])
    saved = {}
    DictSerializer(saved).save(opt)
    v = model.l1.w.update_rule.state["v"]
    v_saved = v.copy()
    v[...] = 7.0
    DictDeserializer(saved).load(opt)
    assert model.l1.w.update_rule.state["v"] is v  # loaded in place
    numpy.testing.assert_array_equal(v, v_saved)

    partial = {k: val for k, val in saved.items() if k != "l2/b/v"}
    fresh = MomentumSGD().setup(make_model())
    with pytest.raises(KeyError, match="l2/b/v"):
        DictDeserializer(partial).load(fresh)
    lenient = MomentumSGD().setup(make_model())
    DictDeserializer(partial, strict=False).load(lenient)
    assert lenient.target.l1.w.update_rule.state is not None
    assert lenient.target.l2.b.update_rule.state is None  # initialized at the first update
    # A disabled rule tolerates a missing entry even from a strict deserializer.
    disabled = MomentumSGD().setup(make_model())
    disabled.target.l2.disable_update()
    DictDeserializer(partial).load(disabled)
    assert disabled.target.l2.b.update_rule.state is None


def test_serializing_before_the_first_update_saves_no_state():
    opt = MomentumSGD().setup(make_model())
    saved = {}
    DictSerializer(saved).save(opt)
    assert saved == {"t": 0, "epoch": 0, "l1/w/t": 0, "l2/b/t": 0}


def test_deserializer_base_class_is_recognized():
    serializer_module = pytest.importorskip("chainer.serializer")

    class Loader(serializer_module.Deserializer):
        def __init__(self, target):
            self.target = target

        def __getitem__(self, key):
            return Loader(self.target[key.strip("/")])

        def __call__(self, key, value):
            return self.target[key]

    opt = MomentumSGD().setup(make_model())
    v1, v2 = numpy.full(3, 0.5, numpy.float32), numpy.full((2, 2), -1.0, numpy.float32)
    snapshot = {
        "t": 4,
        "epoch": 2,
        "l1/w": {"t": 4, "v": v1},
        "l2/b": {"t": 4, "v": v2},
    }
    Loader(snapshot).load(opt)
    assert (opt.t, opt.epoch) == (4, 2)
    assert opt.target.l1.w.update_rule.state["v"] is v1


def test_serialize_before_setup_fails():
    with pytest.raises(RuntimeError, match="setup"):
        MomentumSGD().serialize(DictSerializer())


def test_optimizer_copies_keep_hyperparameters():
    model = make_model()
    opt = PlainSGD(lr=0.3).setup(model)
    for clone in (copy.deepcopy(opt), pickle.loads(pickle.dumps(opt))):
        assert clone.lr == 0.3 and clone.hyperparam is not opt.hyperparam
        rule = clone.target.l1.w.update_rule
        assert rule.hyperparam.parent is clone.hyperparam
        clone.lr = 0.6
        assert rule.hyperparam.lr == 0.6 and opt.lr == 0.3


def test_use_cleargrads_is_deprecated():
    model = make_model()
    opt = PlainSGD(lr=0.1).setup(model)
    with pytest.warns(DeprecationWarning, match="use_cleargrads"):
        opt.use_cleargrads(False)
    w0 = model.l1.w.array.copy()
    model.l1.w.grad = numpy.full(3, 5.0, numpy.float32)
    x = numpy.ones(3, numpy.float32)
    opt.update(lambda: F.sum(model.l1.w * x))  # zero-filled, so the stale 5 is gone
    numpy.testing.assert_array_equal(model.l1.w.array, w0 - numpy.float32(0.1) * x)


def test_api_names_of_chainer_v7():
    optimizer_methods = {
        "add_hook",
        "call_hook",
        "call_hooks",
        "check_nan_in_grads",
        "is_safe_to_update",
        "loss_scaling",
        "new_epoch",
        "remove_hook",
        "serialize",
        "set_loss_scale",
        "setup",
        "update",
        "update_loss_scale",
    }
    gradient_methods = optimizer_methods | {
        "create_update_rule",
        "reallocate_cleared_grads",
        "use_cleargrads",
        "use_fp32_update",
    }
    rule_methods = {
        "add_hook",
        "init_state",
        "remove_hook",
        "serialize",
        "state",
        "update",
        "update_core",
        "update_core_chainerx",
        "update_core_cpu",
        "update_core_gpu",
        "use_fp32_update",
    }
    for cls, names in (
        (optimizer_module.Optimizer, optimizer_methods),
        (optimizer_module.GradientMethod, gradient_methods),
        (UpdateRule, rule_methods),
    ):
        missing = {n for n in names if not hasattr(cls, n)}
        assert not missing, (cls.__name__, missing)


@pytest.mark.gpu
def test_gpu_update_uses_gpu_routine_and_moves_state():
    pytest.importorskip("cupy")
    if not cuda.available:
        pytest.skip("no GPU")
    cupy = cuda.cupy
    model = make_model()
    opt = MomentumSGD(lr=0.1, momentum=0.9).setup(model)
    _train(opt, model, [(G1, G2)])  # state created on the CPU
    v_cpu = model.l1.w.update_rule.state["v"].copy()
    w_cpu = model.l1.w.array.copy()
    model.to_device("@cupy:0")
    model.l1.w.grad = cupy.asarray(G1)
    model.l2.b.grad = cupy.asarray(G2)
    calls = []
    rule = model.l1.w.update_rule
    original = rule.update_core_gpu

    def record(param):
        calls.append(type(param.array).__module__.split(".")[0])
        original(param)

    rule.update_core_gpu = record
    opt.update()
    assert calls == ["cupy"]
    assert isinstance(rule.state["v"], cupy.ndarray)
    v = numpy.float32(0.9) * v_cpu - numpy.float32(0.1) * G1
    numpy.testing.assert_allclose(cuda.to_cpu(model.l1.w.array), w_cpu + v, rtol=1e-6)
