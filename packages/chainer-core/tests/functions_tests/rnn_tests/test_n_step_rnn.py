"""F.n_step_rnn and F.n_step_birnn (tanh and ReLU)."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.transpose_sequence import transpose_sequence
from chainer.functions.rnn.n_step_rnn import n_step_birnn, n_step_rnn

_BACKENDS = [{}, {"use_cuda": True}]
_FUNCS = {1: n_step_rnn, 2: n_step_birnn}
_ACTIVATIONS = {"tanh": numpy.tanh, "relu": lambda v: numpy.maximum(v, 0)}


def _reference(n_layers, directions, activation, hx, ws, bs, xs):
    """A plain NumPy loop over layers, directions and time steps (float64)."""
    act = _ACTIVATIONS[activation]
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
                h = act(x @ w[0].T + hy[index, :n] @ w[1].T + b[0] + b[1])
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
        ws.append([uniform((units, layer_in)), uniform((units, units))])
        bs.append([uniform((units,)), uniform((units,))])
    return hx, ws, bs, xs


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (n_layers, units, in_size, batch sizes over time, rows of hx)
            "case": [(1, 2, 3, (2, 2, 1), 2), (2, 3, 2, (3, 1), 4)],
            "directions": [1, 2],
            "activation": ["tanh", "relu"],
            "dtype": [numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestNStepRNN(testing.FunctionTestCase):
    dodge_nondifferentiable = True

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
        ws = [list(params[2 * k : 2 * k + 2]) for k in range(n_states)]
        bs = [list(params[2 * (n_states + k) : 2 * (n_states + k) + 2]) for k in range(n_states)]
        return hx, ws, bs, xs

    def forward(self, inputs, device):
        hx, ws, bs, xs = self._split(inputs)
        hy, ys = _FUNCS[self.directions](
            self.n_layers, 0.0, hx, ws, bs, xs, activation=self.activation
        )
        assert isinstance(ys, tuple) and len(ys) == len(xs)
        return (hy, *ys)

    def forward_expected(self, inputs):
        hx, ws, bs, xs = self._split(inputs)
        hy, ys = _reference(self.n_layers, self.directions, self.activation, hx, ws, bs, xs)
        return tuple(y.astype(self.dtype) for y in (hy, *ys))


@pytest.mark.parametrize("directions", [1, 2])
def test_sequences_are_independent(directions):
    rng = numpy.random.default_rng(0)
    lengths = [3, 3, 1]
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


def test_invalid_activation():
    rng = numpy.random.default_rng(0)
    hx, ws, bs, xs = _make_inputs(1, 1, 3, 2, (2,), 2, numpy.float64, rng)
    with pytest.raises(ValueError, match=r"activation must be one of \['relu', 'tanh'\]"):
        n_step_rnn(1, 0.0, hx, ws, bs, xs, activation="sigmoid")
    with pytest.raises(ValueError, match="n_step_birnn: activation"):
        n_step_birnn(1, 0.0, hx, ws, bs, xs, activation="elu")


def test_invalid_weights():
    rng = numpy.random.default_rng(0)
    hx, ws, bs, xs = _make_inputs(2, 2, 3, 2, (2,), 2, numpy.float64, rng)
    ws[2][0] = numpy.zeros((3, 3))
    with pytest.raises(ValueError, match=r"ws\[2\]\[0\] must have shape \(3, 6\)"):
        n_step_birnn(2, 0.0, hx, ws, bs, xs)
