"""F.n_step_lstm and F.n_step_bilstm."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.transpose_sequence import transpose_sequence
from chainer.functions.rnn.n_step_lstm import n_step_bilstm, n_step_lstm

_BACKENDS = [{}, {"use_cuda": True}]
_FUNCS = {1: n_step_lstm, 2: n_step_bilstm}


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _reference(n_layers, directions, hx, cx, ws, bs, xs):
    """A plain NumPy loop over layers, directions and time steps (float64)."""
    hy = hx.astype(numpy.float64)
    cy = cx.astype(numpy.float64)
    layer_in = [x.astype(numpy.float64) for x in xs]
    steps = len(xs)
    for layer in range(n_layers):
        outs = []
        for d in range(directions):
            index = layer * directions + d
            w = [v.astype(numpy.float64) for v in ws[index]]
            b = [v.astype(numpy.float64) for v in bs[index]]
            out = [None] * steps
            for t in reversed(range(steps)) if d else range(steps):
                x = layer_in[t]
                n = x.shape[0]
                h = hy[index, :n]
                c = cy[index, :n]
                i = _sigmoid(x @ w[0].T + h @ w[4].T + b[0] + b[4])
                f = _sigmoid(x @ w[1].T + h @ w[5].T + b[1] + b[5])
                a = numpy.tanh(x @ w[2].T + h @ w[6].T + b[2] + b[6])
                o = _sigmoid(x @ w[3].T + h @ w[7].T + b[3] + b[7])
                c = f * c + i * a
                h = o * numpy.tanh(c)
                hy[index, :n] = h
                cy[index, :n] = c
                out[t] = h
            outs.append(out)
        layer_in = [numpy.concatenate([o[t] for o in outs], axis=1) for t in range(steps)]
    return hy, cy, layer_in


def _make_inputs(n_layers, directions, units, in_size, batches, hx_batch, dtype, rng):
    def uniform(shape):
        return rng.uniform(-1, 1, shape).astype(dtype)

    n_states = n_layers * directions
    hx = uniform((n_states, hx_batch, units))
    cx = uniform((n_states, hx_batch, units))
    xs = [uniform((b, in_size)) for b in batches]
    ws = []
    bs = []
    for index in range(n_states):
        layer_in = in_size if index < directions else units * directions
        ws.append([uniform((units, layer_in if j < 4 else units)) for j in range(8)])
        bs.append([uniform((units,)) for _ in range(8)])
    return hx, cx, ws, bs, xs


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (n_layers, units, in_size, batch sizes over time, rows of hx)
            "case": [
                (1, 2, 1, (1, 1, 1), 1),
                (2, 2, 3, (3, 2, 1), 4),
                (2, 3, 2, (2, 2), 2),
            ],
            "directions": [1, 2],
            "dtype": [numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestNStepLSTM(testing.FunctionTestCase):
    def setUp(self):
        self.n_layers, self.units, self.in_size, self.batches, self.hx_batch = self.case
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-2}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-2}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-10}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        hx, cx, ws, bs, xs = _make_inputs(
            self.n_layers,
            self.directions,
            self.units,
            self.in_size,
            self.batches,
            self.hx_batch,
            self.dtype,
            numpy.random,
        )
        flat = [w for group in ws for w in group] + [b for group in bs for b in group]
        return (hx, cx, *xs, *flat)

    def _split(self, inputs):
        hx, cx = inputs[:2]
        steps = len(self.batches)
        xs = list(inputs[2 : 2 + steps])
        params = inputs[2 + steps :]
        n_states = self.n_layers * self.directions
        ws = [list(params[8 * k : 8 * k + 8]) for k in range(n_states)]
        bs = [list(params[8 * (n_states + k) : 8 * (n_states + k) + 8]) for k in range(n_states)]
        return hx, cx, ws, bs, xs

    def forward(self, inputs, device):
        hx, cx, ws, bs, xs = self._split(inputs)
        hy, cy, ys = _FUNCS[self.directions](self.n_layers, 0.0, hx, cx, ws, bs, xs)
        assert isinstance(ys, tuple) and len(ys) == len(xs)
        return (hy, cy, *ys)

    def forward_expected(self, inputs):
        hx, cx, ws, bs, xs = self._split(inputs)
        hy, cy, ys = _reference(self.n_layers, self.directions, hx, cx, ws, bs, xs)
        return tuple(y.astype(self.dtype) for y in (hy, cy, *ys))


@pytest.mark.parametrize("directions", [1, 2])
def test_sequences_are_independent(directions):
    # Each sequence of a sorted, transposed batch gives what it gives alone.
    rng = numpy.random.default_rng(0)
    lengths = [4, 3, 3, 1]
    hx, cx, ws, bs, _ = _make_inputs(2, directions, 3, 2, [4], 4, numpy.float64, rng)
    seqs = [rng.uniform(-1, 1, (n, 2)) for n in lengths]
    xs = transpose_sequence(seqs)
    hy, cy, ys = _FUNCS[directions](2, 0.0, hx, cx, ws, bs, xs)
    ys_by_seq = transpose_sequence(ys)
    for k, seq in enumerate(seqs):
        hy_k, cy_k, ys_k = _FUNCS[directions](
            2, 0.0, hx[:, k : k + 1], cx[:, k : k + 1], ws, bs, [s[None] for s in seq]
        )
        numpy.testing.assert_allclose(hy.array[:, k : k + 1], hy_k.array, atol=1e-12)
        numpy.testing.assert_allclose(cy.array[:, k : k + 1], cy_k.array, atol=1e-12)
        numpy.testing.assert_allclose(
            ys_by_seq[k].array, numpy.concatenate([y.array for y in ys_k]), atol=1e-12
        )


def _small(directions=1, n_layers=2, batches=(3, 2), dtype=numpy.float64, seed=0):
    rng = numpy.random.default_rng(seed)
    return _make_inputs(n_layers, directions, 3, 2, batches, batches[0], dtype, rng)


@pytest.mark.parametrize("directions", [1, 2])
def test_dropout_between_layers(directions):
    func = _FUNCS[directions]
    hx, cx, ws, bs, xs = _small(directions)
    expected = _reference(2, directions, hx, cx, ws, bs, xs)
    with chainer.using_config("train", False):
        hy, cy, ys = func(2, 0.5, hx, cx, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array, expected[0], atol=1e-12)
    numpy.testing.assert_allclose(ys[0].array, expected[2][0], atol=1e-12)
    numpy.random.seed(0)
    with chainer.using_config("train", True):
        hy, cy, ys = func(2, 0.5, hx, cx, ws, bs, xs)
    # The first layer's input is never dropped: its states are the reference's.
    first = slice(0, directions)
    numpy.testing.assert_allclose(hy.array[first], expected[0][first], atol=1e-12)
    assert not numpy.allclose(hy.array[directions:], expected[0][directions:])


def test_dropout_single_layer_is_a_no_op():
    hx, cx, ws, bs, xs = _small(n_layers=1)
    with chainer.using_config("train", True):
        hy, cy, ys = n_step_lstm(1, 0.9, hx, cx, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array, _reference(1, 1, hx, cx, ws, bs, xs)[0], atol=1e-12)


def test_float32_stays_float32():
    hx, cx, ws, bs, xs = _small(dtype=numpy.float32)
    hy, cy, ys = n_step_lstm(2, 0.0, hx, cx, ws, bs, xs)
    assert hy.dtype == cy.dtype == ys[0].dtype == numpy.float32


def test_increasing_batch_is_an_error():
    hx, cx, ws, bs, xs = _small(batches=(2, 3))
    hx = numpy.zeros((2, 3, 3))
    cx = numpy.zeros((2, 3, 3))
    with pytest.raises(ValueError, match=r"must not increase.*xs\[0\].shape\[0\]=2 < xs\[1\]"):
        n_step_lstm(2, 0.0, hx, cx, ws, bs, xs)


@pytest.mark.parametrize(
    "change, error, pattern",
    [
        (lambda a: a.update(xs=[]), ValueError, "at least one time step"),
        (lambda a: a.update(xs=a["xs"][0]), TypeError, "xs must be a list"),
        (lambda a: a.update(hx=a["hx"][:1]), ValueError, r"hx must have shape \(2, B, N\)"),
        (lambda a: a.update(cx=a["cx"][:, :2]), ValueError, "cx must have hx's shape"),
        (
            lambda a: a["ws"][0].__setitem__(0, numpy.zeros((3, 5))),
            ValueError,
            r"ws\[0\]\[0\] must have shape \(3, 2\) \(I = xs\[0\].shape\[1\] = 2 inputs\)",
        ),
        (
            lambda a: a["ws"][1].__setitem__(6, numpy.zeros((3, 2))),
            ValueError,
            r"ws\[1\]\[6\] must have shape \(3, 3\)",
        ),
        (
            lambda a: a["bs"][1].__setitem__(2, numpy.zeros((4,))),
            ValueError,
            r"bs\[1\]\[2\] must have shape \(3,\)",
        ),
        (lambda a: a["ws"][0].pop(), ValueError, r"ws\[0\] must be a list of 8 matrices"),
        (lambda a: a.update(ws=a["ws"][:1]), ValueError, "ws must be a list of"),
        (
            lambda a: a["bs"][0].__setitem__(0, numpy.zeros((3,), numpy.float32)),
            TypeError,
            r"bs\[0\]\[0\].dtype=float32",
        ),
        (lambda a: a.update(n_layers=0), ValueError, "n_layers must be at least 1"),
        (lambda a: a.update(dropout_ratio=1.0), ValueError, "ratio"),
    ],
)
def test_invalid_arguments(change, error, pattern):
    hx, cx, ws, bs, xs = _small()
    args = {"n_layers": 2, "dropout_ratio": 0.0, "hx": hx, "cx": cx, "ws": ws, "bs": bs, "xs": xs}
    change(args)
    with pytest.raises(error, match=pattern):
        n_step_lstm(**args)


@pytest.mark.parametrize("name", ["train", "use_cudnn"])
def test_removed_arguments(name):
    hx, cx, ws, bs, xs = _small()
    with pytest.raises(ValueError, match=f"{name} argument is not supported anymore"):
        n_step_lstm(2, 0.0, hx, cx, ws, bs, xs, **{name: True})
    with pytest.raises(TypeError, match="unexpected keyword"):
        n_step_bilstm(2, 0.0, hx, cx, ws, bs, xs, foo=1)
