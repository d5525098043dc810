"""L.NStepRNNTanh/ReLU and L.NStepBiRNNTanh/ReLU: sequences against NumPy, gradients, helpers."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.rnn.n_step_rnn import (
    NStepBiRNNReLU,
    NStepBiRNNTanh,
    NStepRNNReLU,
    NStepRNNTanh,
    argsort_list_descent,
    permutate_list,
)

_BACKENDS = [{}, {"use_cuda": True}]
_LINKS = {
    ("tanh", False): NStepRNNTanh,
    ("relu", False): NStepRNNReLU,
    ("tanh", True): NStepBiRNNTanh,
    ("relu", True): NStepBiRNNReLU,
}


def _reference(link, activation, hx, xs):
    act = numpy.tanh if activation == "tanh" else (lambda v: numpy.maximum(v, 0))
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
                h = hx[k, n]
                out = [None] * len(inp)
                for t in range(len(inp)) if di == 0 else reversed(range(len(inp))):
                    h = act(ws[k][0] @ inp[t] + bs[k][0] + ws[k][1] @ h + bs[k][1])
                    out[t] = h
                hy[k, n] = h
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
        {
            "activation": ["tanh", "relu"],
            "bi": [False, True],
            "n_layers": [1, 2],
            "dtype": [numpy.float32, numpy.float64],
        }
    )
)
@testing.fix_random()
class TestNStepRNN(testing.LinkTestCase):
    in_size = 2
    out_size = 3
    lengths = (3, 1, 2)
    dodge_nondifferentiable = True

    def setUp(self):
        self.direction = 2 if self.bi else 1
        self.param_names = tuple(
            f"{k}__{p}{j}"
            for k in range(self.n_layers * self.direction)
            for p in "wb"
            for j in range(2)
        )
        if self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        cls = _LINKS[self.activation, self.bi]
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
        hy, ys = _reference(link, self.activation, inputs[0], inputs[1:])
        return tuple(a.astype(self.dtype) for a in (hy, *ys))


def test_sorting_helpers():
    seqs = [numpy.zeros(2), numpy.zeros(5), numpy.zeros(2), numpy.zeros(3)]
    indices = argsort_list_descent(seqs)
    assert indices.dtype == numpy.int32
    numpy.testing.assert_array_equal(indices, [1, 3, 0, 2])  # ties keep their order
    items = ["a", "b", "c", "d"]
    permuted = permutate_list(items, indices, inv=False)
    assert permuted == ["b", "d", "a", "c"]
    assert permutate_list(permuted, indices, inv=True) == items


def test_names_defaults_and_init_hx():
    link = NStepRNNTanh(2, 3, 4, 0.1)
    names = {name: p.shape for name, p in link.namedparams()}
    assert names == {
        "/0/w0": (4, 3),
        "/0/w1": (4, 4),
        "/0/b0": (4,),
        "/0/b1": (4,),
        "/1/w0": (4, 4),
        "/1/w1": (4, 4),
        "/1/b0": (4,),
        "/1/b1": (4,),
    }
    assert link.n_cells == 1 and link.direction == 1
    hx = link.init_hx([numpy.zeros((2, 3), numpy.float64)] * 5)
    assert hx.shape == (2, 5, 4) and hx.dtype == numpy.float64 and not hx.array.any()
    assert NStepBiRNNReLU(1, 3, 4, 0.1)[0].w0.shape == (4, 3)


def test_removed_arguments():
    with pytest.raises(ValueError, match="activation is not supported"):
        NStepRNNTanh(1, 2, 2, 0.0, activation="relu")
    with pytest.raises(ValueError, match="use_bi_direction is not supported"):
        NStepRNNTanh(1, 2, 2, 0.0, use_bi_direction=True)
    with pytest.raises(ValueError, match="at least one sequence"):
        NStepRNNTanh(1, 2, 2, 0.0)(None, [])


@testing.attr.gpu
def test_gpu_forward_with_unsorted_sequences():
    import cupy

    link = NStepBiRNNTanh(2, 2, 3, 0.0)
    xs = [numpy.random.uniform(-1, 1, (n, 2)).astype(numpy.float32) for n in (1, 3, 2)]
    hy_cpu, ys_cpu = link(None, xs)
    link.to_device("@cupy:0")
    hy, ys = link(None, [cupy.asarray(x) for x in xs])
    numpy.testing.assert_allclose(cupy.asnumpy(hy.array), hy_cpu.array, rtol=1e-4, atol=1e-5)
    for y, y_cpu in zip(ys, ys_cpu, strict=True):
        numpy.testing.assert_allclose(cupy.asnumpy(y.array), y_cpu.array, rtol=1e-4, atol=1e-5)
