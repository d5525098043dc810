"""L.NStepLSTM and L.NStepBiLSTM: sequences against NumPy, gradients, sorting, v7 names."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.rnn.n_step_lstm import NStepBiLSTM, NStepLSTM

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _lstm_cell(w, b, x, h, c):
    def g(j):
        return x @ w[j].T + b[j] + h @ w[j + 4].T + b[j + 4]

    i, f, a, o = _sigmoid(g(0)), _sigmoid(g(1)), numpy.tanh(g(2)), _sigmoid(g(3))
    c = f * c + i * a
    return o * numpy.tanh(c), c


def _reference(link, hx, cx, xs):
    """Runs each sequence alone through the stacked LSTM, in float64."""
    d = link.direction
    ws = [[p.array.astype(numpy.float64) for p in layer] for layer in link.ws]
    bs = [[p.array.astype(numpy.float64) for p in layer] for layer in link.bs]
    hy, cy = hx.copy(), cx.copy()
    ys = []
    for n, seq in enumerate(xs):
        inp = seq
        for layer in range(link.n_layers):
            outs = []
            for di in range(d):
                k = layer * d + di
                h, c = hx[k, n : n + 1], cx[k, n : n + 1]
                steps = range(len(inp)) if di == 0 else reversed(range(len(inp)))
                out = [None] * len(inp)
                for t in steps:
                    h, c = _lstm_cell(ws[k], bs[k], inp[t : t + 1], h, c)
                    out[t] = h[0]
                hy[k, n], cy[k, n] = h[0], c[0]
                outs.append(numpy.stack(out))
            inp = numpy.concatenate(outs, axis=1)
        ys.append(inp)
    return hy, cy, ys


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
        {
            "bi": [False, True],
            "n_layers": [1, 2],
            "dtype": [numpy.float32, numpy.float64],
            "initial_state": [True],
        }
    ),
    {"bi": False, "n_layers": 1, "dtype": numpy.float64, "initial_state": False},
    {"bi": True, "n_layers": 1, "dtype": numpy.float16, "initial_state": True},
)
@testing.fix_random()
class TestNStepLSTM(testing.LinkTestCase):
    in_size = 2
    out_size = 2
    lengths = (2, 3, 1)

    def setUp(self):
        self.direction = 2 if self.bi else 1
        self.param_names = tuple(
            f"{k}__{p}{j}"
            for k in range(self.n_layers * self.direction)
            for p in "wb"
            for j in range(8)
        )
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        cls = NStepBiLSTM if self.bi else NStepLSTM
        with chainer.using_config("dtype", self.dtype):
            return _exposed(cls)(self.n_layers, self.in_size, self.out_size, 0.0, initial_bias=0.1)

    def generate_inputs(self):
        shape = (self.n_layers * self.direction, len(self.lengths), self.out_size)
        states = ()
        if self.initial_state:
            states = tuple(numpy.random.uniform(-1, 1, shape).astype(self.dtype) for _ in "hc")
        xs = tuple(
            numpy.random.uniform(-1, 1, (n, self.in_size)).astype(self.dtype) for n in self.lengths
        )
        return states + xs

    def forward(self, link, inputs, device):
        if self.initial_state:
            hx, cx, xs = inputs[0], inputs[1], list(inputs[2:])
        else:
            hx, cx, xs = None, None, list(inputs)
        hy, cy, ys = link(hx, cx, xs)
        assert isinstance(ys, list)
        return (hy, cy, *ys)

    def forward_expected(self, link, inputs):
        inputs = [a.astype(numpy.float64) for a in inputs]
        if self.initial_state:
            hx, cx, xs = inputs[0], inputs[1], inputs[2:]
        else:
            shape = (self.n_layers * self.direction, len(self.lengths), self.out_size)
            hx, cx, xs = numpy.zeros(shape), numpy.zeros(shape), inputs
        hy, cy, ys = _reference(link, hx, cx, xs)
        return tuple(a.astype(self.dtype) for a in (hy, cy, *ys))


def test_v7_parameter_names_and_shapes():
    link = NStepBiLSTM(2, 3, 4, 0.5)
    names = {name: p.shape for name, p in link.namedparams()}
    assert len(names) == 2 * 2 * 8 * 2
    assert names["/0/w0"] == (4, 3) and names["/0/w4"] == (4, 4)
    assert names["/2/w0"] == (4, 8) and names["/3/w7"] == (4, 4)
    assert names["/1/b3"] == (4,)
    assert (link.n_layers, link.dropout, link.out_size, link.direction) == (2, 0.5, 4, 2)
    assert link.n_cells == 2 and link.n_weights == 8
    assert link.ws[1][0] is link[1].w0 and link.bs[3][7] is link[3].b7
    assert not link[0].b0.array.any()


def test_copy_keeps_ws_consistent():
    link = NStepLSTM(1, 2, 2, 0.0)
    copied = link.copy(mode="copy")
    assert copied.ws[0][0] is copied[0].w0 and copied.ws[0][0] is not link.ws[0][0]
    xs = [numpy.ones((2, 2), numpy.float32)]
    numpy.testing.assert_allclose(
        copied(None, None, xs)[2][0].array, link(None, None, xs)[2][0].array
    )


def test_initializers_and_dropout_in_training():
    link = NStepLSTM(2, 3, 4, 0.5, initialW=0.5, initial_bias=0.25)
    assert (link[0].w0.array == 0.5).all() and (link[1].b7.array == 0.25).all()
    xs = [numpy.ones((3, 3), numpy.float32), numpy.ones((2, 3), numpy.float32)]
    with chainer.using_config("train", False):
        y_test = link(None, None, xs)[2]
    numpy.random.seed(0)
    y_train = link(None, None, xs)[2]
    assert not numpy.allclose(y_train[0].array, y_test[0].array)


def test_errors():
    with pytest.raises(ValueError, match="use_cudnn argument is not supported"):
        NStepLSTM(1, 2, 2, 0.0, use_cudnn=True)
    with pytest.raises(TypeError, match="unexpected keyword"):
        NStepLSTM(1, 2, 2, 0.0, foo=1)
    link = NStepLSTM(1, 2, 2, 0.0)
    xs = [numpy.ones((1, 2), numpy.float32)]
    with pytest.raises(ValueError, match="train argument is not supported"):
        link(None, None, xs, train=False)
    with pytest.raises(TypeError, match="xs must be a list"):
        link(None, None, numpy.ones((1, 2), numpy.float32))


def test_loads_npz_with_v7_names(tmp_path):
    serializers = pytest.importorskip("chainer.serializers")
    link = NStepLSTM(1, 2, 3, 0.0)
    arrays = {f"0/w{j}": numpy.full((3, 2 if j < 4 else 3), j, numpy.float32) for j in range(8)}
    arrays.update({f"0/b{j}": numpy.full(3, 10 + j, numpy.float32) for j in range(8)})
    path = tmp_path / "v7.npz"
    numpy.savez(path, **arrays)
    serializers.load_npz(str(path), link)
    assert (link.ws[0][5].array == 5).all() and (link.bs[0][2].array == 12).all()
