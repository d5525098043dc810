"""F.n_step_gru and F.n_step_bigru."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.transpose_sequence import transpose_sequence
from chainer.functions.rnn.n_step_gru import n_step_bigru, n_step_gru

_BACKENDS = [{}, {"use_cuda": True}]
_FUNCS = {1: n_step_gru, 2: n_step_bigru}


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _reference(n_layers, directions, hx, ws, bs, xs):
    """A plain NumPy loop over layers, directions and time steps (float64)."""
    hy = hx.astype(numpy.float64)
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
                r = _sigmoid(x @ w[0].T + h @ w[3].T + b[0] + b[3])
                z = _sigmoid(x @ w[1].T + h @ w[4].T + b[1] + b[4])
                h_bar = numpy.tanh(x @ w[2].T + b[2] + r * (h @ w[5].T + b[5]))
                h = (1 - z) * h_bar + z * h
                hy[index, :n] = h
                out[t] = h
            outs.append(out)
        layer_in = [numpy.concatenate([o[t] for o in outs], axis=1) for t in range(steps)]
    return hy, layer_in


def _make_inputs(n_layers, directions, units, in_size, batches, hx_batch, dtype, rng):
    def uniform(shape):
        return rng.uniform(-1, 1, shape).astype(dtype)

    n_states = n_layers * directions
    hx = uniform((n_states, hx_batch, units))
    xs = [uniform((b, in_size)) for b in batches]
    ws = []
    bs = []
    for index in range(n_states):
        layer_in = in_size if index < directions else units * directions
        ws.append([uniform((units, layer_in if j < 3 else units)) for j in range(6)])
        bs.append([uniform((units,)) for _ in range(6)])
    return hx, ws, bs, xs


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (n_layers, units, in_size, batch sizes over time, rows of hx)
            "case": [(1, 2, 3, (2, 2, 1), 2), (2, 3, 2, (3, 1), 4)],
            "directions": [1, 2],
            "dtype": [numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestNStepGRU(testing.FunctionTestCase):
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
        hx, ws, bs, xs = _make_inputs(
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
        return (hx, *xs, *flat)

    def _split(self, inputs):
        hx = inputs[0]
        steps = len(self.batches)
        xs = list(inputs[1 : 1 + steps])
        params = inputs[1 + steps :]
        n_states = self.n_layers * self.directions
        ws = [list(params[6 * k : 6 * k + 6]) for k in range(n_states)]
        bs = [list(params[6 * (n_states + k) : 6 * (n_states + k) + 6]) for k in range(n_states)]
        return hx, ws, bs, xs

    def forward(self, inputs, device):
        hx, ws, bs, xs = self._split(inputs)
        hy, ys = _FUNCS[self.directions](self.n_layers, 0.0, hx, ws, bs, xs)
        assert isinstance(ys, tuple) and len(ys) == len(xs)
        return (hy, *ys)

    def forward_expected(self, inputs):
        hx, ws, bs, xs = self._split(inputs)
        hy, ys = _reference(self.n_layers, self.directions, hx, ws, bs, xs)
        return tuple(y.astype(self.dtype) for y in (hy, *ys))


@pytest.mark.parametrize("directions", [1, 2])
def test_sequences_are_independent(directions):
    rng = numpy.random.default_rng(0)
    lengths = [3, 2, 2]
    hx, ws, bs, _ = _make_inputs(2, directions, 3, 2, [3], 3, numpy.float64, rng)
    seqs = [rng.uniform(-1, 1, (n, 2)) for n in lengths]
    hy, ys = _FUNCS[directions](2, 0.0, hx, ws, bs, transpose_sequence(seqs))
    ys_by_seq = transpose_sequence(ys)
    for k, seq in enumerate(seqs):
        hy_k, ys_k = _FUNCS[directions](2, 0.0, hx[:, k : k + 1], ws, bs, [s[None] for s in seq])
        numpy.testing.assert_allclose(hy.array[:, k : k + 1], hy_k.array, atol=1e-12)
        numpy.testing.assert_allclose(
            ys_by_seq[k].array, numpy.concatenate([y.array for y in ys_k]), atol=1e-12
        )


def test_dropout_between_layers():
    rng = numpy.random.default_rng(1)
    hx, ws, bs, xs = _make_inputs(2, 1, 3, 2, (3, 2), 3, numpy.float64, rng)
    expected = _reference(2, 1, hx, ws, bs, xs)
    with chainer.using_config("train", False):
        hy, _ = n_step_gru(2, 0.5, hx, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array, expected[0], atol=1e-12)
    numpy.random.seed(0)
    with chainer.using_config("train", True):
        hy, _ = n_step_gru(2, 0.5, hx, ws, bs, xs)
    numpy.testing.assert_allclose(hy.array[0], expected[0][0], atol=1e-12)
    assert not numpy.allclose(hy.array[1], expected[0][1])


def test_invalid_arguments():
    rng = numpy.random.default_rng(0)
    hx, ws, bs, xs = _make_inputs(1, 1, 3, 2, (2, 2), 2, numpy.float64, rng)
    ws[0][3] = numpy.zeros((3, 2))
    with pytest.raises(ValueError, match=r"ws\[0\]\[3\] must have shape \(3, 3\)"):
        n_step_gru(1, 0.0, hx, ws, bs, xs)
    ws[0][3] = numpy.zeros((3, 3))
    with pytest.raises(ValueError, match=r"hx must have shape \(2, B, N\)"):
        n_step_bigru(1, 0.0, hx, ws, bs, xs)
    with pytest.raises(ValueError, match="train argument is not supported anymore"):
        n_step_gru(1, 0.0, hx, ws, bs, xs, train=False)
