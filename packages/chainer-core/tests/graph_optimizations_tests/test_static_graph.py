"""chainer.static_graph / static_code: trace once, replay the ops, same results as define-by-run."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import static_code, static_graph


def _affine(x, W, b):
    return F.matmul(x, W) + F.broadcast_to(b, (x.shape[0], b.shape[0]))


class _MLP(chainer.Chain):
    """Two affine layers with a tanh-free nonlinearity built from engine ops."""

    def __init__(self, **options):
        super().__init__()
        rng = numpy.random.default_rng(0)
        with self.init_scope():
            self.W1 = chainer.Parameter(rng.standard_normal((3, 4)).astype(numpy.float32))
            self.b1 = chainer.Parameter(rng.standard_normal(4).astype(numpy.float32))
            self.W2 = chainer.Parameter(rng.standard_normal((4, 2)).astype(numpy.float32))
            self.b2 = chainer.Parameter(numpy.zeros(2, numpy.float32))
        self.python_runs = 0
        self.static_code_runs = 0

    def body(self, x):
        self.python_runs += 1  # plain Python: not re-run by a replay
        h = _affine(x, self.W1, self.b1)
        h = h * h * 0.5 + h
        scale = self.make_scale(h)
        return _affine(h, self.W2, self.b2) * scale

    @static_code
    def make_scale(self, h):
        self.static_code_runs += 1
        # Depends on the data, so a stale constant would give wrong results.
        return (1.0 / (1.0 + abs(h.array).mean())).astype(h.dtype).reshape(1, 1)


class StaticMLP(_MLP):
    @static_graph
    def forward(self, x):
        return self.body(x)


class VerboseStaticMLP(_MLP):
    @static_graph(verbosity_level=2)
    def forward(self, x):
        return self.body(x)


class DefineByRunMLP(_MLP):
    @static_graph(force_test_define_by_run=True)
    def forward(self, x):
        return self.body(x)


def _reference(model, x):
    """The same network written directly in NumPy."""
    W1, b1, W2, b2 = (p.array for p in (model.W1, model.b1, model.W2, model.b2))
    h = x @ W1 + b1
    h = h * h * 0.5 + h
    scale = 1.0 / (1.0 + numpy.abs(h).mean())
    return (h @ W2 + b2) * scale


def _inputs(seed, batch=5):
    return numpy.random.default_rng(seed).standard_normal((batch, 3)).astype(numpy.float32)


def test_replay_matches_numpy_and_skips_python_code():
    model = StaticMLP()
    for seed in range(4):
        x = _inputs(seed)
        y = model(chainer.Variable(x))
        numpy.testing.assert_allclose(y.array, _reference(model, x), rtol=1e-5)
    assert model.python_runs == 1
    assert model.static_code_runs == 4


def test_replay_gradients_equal_define_by_run():
    static, plain = StaticMLP(), DefineByRunMLP()
    for seed in range(3):
        x = _inputs(seed)
        for model in (static, plain):
            model.cleargrads()
            xv = chainer.Variable(x)
            F.sum(model(xv) * model(xv)).backward()
            model.xgrad = xv.grad
        for name in ("W1", "b1", "W2", "b2"):
            numpy.testing.assert_allclose(
                getattr(static, name).grad, getattr(plain, name).grad, rtol=1e-5
            )
        numpy.testing.assert_allclose(static.xgrad, plain.xgrad, rtol=1e-5)
    assert plain.python_runs == 6
    assert static.python_runs == 1


def test_replay_sees_parameter_updates():
    model = StaticMLP()
    x = _inputs(0)
    model(x)
    model.W1.array *= 2.0  # in place
    model.b2.array = numpy.full(2, 3.0, numpy.float32)  # a new array object
    numpy.testing.assert_allclose(model(x).array, _reference(model, x), rtol=1e-5)


def test_new_signature_or_train_mode_traces_again():
    model = StaticMLP()
    model(_inputs(0, batch=5))
    model(_inputs(1, batch=5))
    assert model.python_runs == 1
    x7 = _inputs(2, batch=7)
    numpy.testing.assert_allclose(model(x7).array, _reference(model, x7), rtol=1e-5)
    assert model.python_runs == 2
    with chainer.using_config("train", False):
        model(x7)
    assert model.python_runs == 3
    # minimize_cache_size (default) dropped the train-mode schedules on the switch.
    model(x7)
    assert model.python_runs == 4


def test_double_backprop_through_replay_equals_define_by_run():
    static, plain = StaticMLP(), DefineByRunMLP()
    x = _inputs(0)
    static(x)  # trace; the next call replays
    for model in (static, plain):
        xv = chainer.Variable(x)
        (gx,) = chainer.grad([F.sum(model(xv))], [xv], enable_double_backprop=True)
        F.sum(gx * gx).backward()
    assert static.python_runs == 1
    assert numpy.abs(plain.W1.grad).sum() > 0
    for name in ("W1", "b1", "W2"):
        numpy.testing.assert_allclose(
            getattr(static, name).grad, getattr(plain, name).grad, rtol=1e-5
        )


def test_use_static_graph_off_runs_define_by_run():
    model = StaticMLP()
    with chainer.using_config("use_static_graph", False):
        model(_inputs(0))
        model(_inputs(1))
    assert model.python_runs == 2


def test_verbosity_prints_schedule(capsys):
    model = VerboseStaticMLP()
    model(_inputs(0))
    out = capsys.readouterr().out
    assert "traced a schedule of" in out
    assert "static_code" in out and "op _ * _" in out
    model(_inputs(1))
    assert capsys.readouterr().out == ""


def test_unknown_option_is_rejected():
    with pytest.raises(TypeError, match="unexpected options.*'speed'"):
        static_graph(speed=True)
    with pytest.raises(TypeError, match="func_name"):
        static_code(name="x")


def test_static_code_outside_a_static_chain_is_a_plain_call():
    calls = []

    @static_code(func_name="record")
    def record(a):
        calls.append(a)
        return a * 2

    assert record(3) == 6
    assert calls == [3]


def test_graph_optimizations_module_exports():
    from chainer import graph_optimizations

    assert graph_optimizations.static_code is static_code
    assert chainer.static_graph is static_graph


class _Detaching(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.w = chainer.Parameter(numpy.array([2.0], numpy.float32))
            self.v = chainer.Parameter(numpy.array([3.0], numpy.float32))

    @static_graph
    def forward(self, x):
        h = x * F.broadcast_to(self.w, x.shape)
        h = chainer.Variable(h.array)  # cut the graph here, on purpose
        return h * F.broadcast_to(self.v, x.shape)


def test_replay_keeps_a_deliberate_detachment():
    model = _Detaching()
    for _ in range(2):  # trace, then replay
        model.cleargrads()
        x = chainer.Variable(numpy.array([1.0, 4.0], numpy.float32))
        y = model(x)
        F.sum(y).backward()
        numpy.testing.assert_allclose(y.array, [6.0, 24.0])
        assert model.w.grad is None and x.grad is None
        numpy.testing.assert_allclose(model.v.grad, [10.0])  # d/dv sum(2x * v) = 2 * (1 + 4)
