"""L.NStepGRU and L.NStepBiGRU: sequences against NumPy, gradients, v7 parameter names."""

import numpy

import chainer
from chainer import testing
from chainer.links.rnn.n_step_gru import NStepBiGRU, NStepGRU

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _gru_cell(w, b, x, h):
    r = _sigmoid(x @ w[0].T + b[0] + h @ w[3].T + b[3])
    z = _sigmoid(x @ w[1].T + b[1] + h @ w[4].T + b[4])
    h_bar = numpy.tanh(x @ w[2].T + b[2] + r * (h @ w[5].T + b[5]))
    return (1 - z) * h_bar + z * h


def _reference(link, hx, xs):
    d = link.direction
    ws = [[p.array.astype(numpy.float64) for p in layer] for layer in link.ws]
    bs = [[p.array.astype(numpy.float64) for p in layer] for layer in link.bs]
    hy = hx.copy()
    ys = []
    for n, seq in enumerate(xs):
        inp = seq
        for layer in range(link.n_layers):
            outs = []
            for di in range(d):
                k = layer * d + di
                h = hx[k, n : n + 1]
                out = [None] * len(inp)
                for t in range(len(inp)) if di == 0 else reversed(range(len(inp))):
                    h = _gru_cell(ws[k], bs[k], inp[t : t + 1], h)
                    out[t] = h[0]
                hy[k, n] = h[0]
                outs.append(numpy.stack(out))
            inp = numpy.concatenate(outs, axis=1)
        ys.append(inp)
    return hy, ys


def _exposed(cls):
    class Exposed(cls):
        def __getattr__(self, name):
            if "__" in name and not name.startswith("__"):
                obj = self
                for part in name.split("__"):
                    obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
                return obj
            raise AttributeError(name)

    return Exposed


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {"bi": [False, True], "n_layers": [1, 2], "dtype": [numpy.float32, numpy.float64]}
    )
)
@testing.fix_random()
class TestNStepGRU(testing.LinkTestCase):
    in_size = 2
    out_size = 2
    lengths = (1, 3, 2)

    def setUp(self):
        self.direction = 2 if self.bi else 1
        self.param_names = tuple(
            f"{k}__{p}{j}"
            for k in range(self.n_layers * self.direction)
            for p in "wb"
            for j in range(6)
        )
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        cls = NStepBiGRU if self.bi else NStepGRU
        with chainer.using_config("dtype", self.dtype):
            return _exposed(cls)(self.n_layers, self.in_size, self.out_size, 0.0, initial_bias=0.1)

    def generate_inputs(self):
        shape = (self.n_layers * self.direction, len(self.lengths), self.out_size)
        hx = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        xs = tuple(
            numpy.random.uniform(-1, 1, (n, self.in_size)).astype(self.dtype) for n in self.lengths
        )
        return (hx, *xs)

    def forward(self, link, inputs, device):
        hy, ys = link(inputs[0], list(inputs[1:]))
        return (hy, *ys)

    def forward_expected(self, link, inputs):
        inputs = [a.astype(numpy.float64) for a in inputs]
        hy, ys = _reference(link, inputs[0], inputs[1:])
        return tuple(a.astype(self.dtype) for a in (hy, *ys))


def test_names_and_zero_initial_state():
    link = NStepGRU(1, 3, 2, 0.0)
    names = sorted(name for name, _ in link.namedparams())
    assert names == sorted([f"/0/w{j}" for j in range(6)] + [f"/0/b{j}" for j in range(6)])
    assert link.n_cells == 1 and link.n_weights == 6 and link.direction == 1
    xs = [numpy.random.uniform(-1, 1, (n, 3)).astype(numpy.float32) for n in (2, 4)]
    hy, ys = link(None, xs)
    ref_hy, ref_ys = _reference(link, numpy.zeros((1, 2, 2)), [x.astype(numpy.float64) for x in xs])
    numpy.testing.assert_allclose(hy.array, ref_hy, rtol=1e-5, atol=1e-6)
    for y, r in zip(ys, ref_ys, strict=True):
        numpy.testing.assert_allclose(y.array, r, rtol=1e-5, atol=1e-6)
    assert NStepBiGRU(1, 3, 2, 0.0).direction == 2
