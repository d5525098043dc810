"""L.ChildSumTreeLSTM and L.NaryTreeLSTM: nodes against NumPy, gradients, missing children."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.rnn.tree_lstm import ChildSumTreeLSTM, NaryTreeLSTM

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _w(child):
    return child.W.array.astype(numpy.float64).T


def _child_sum(link, cs, hs, x):
    u = link.state_size
    wx = x @ _w(link.W_x) + link.W_x.b.array
    if not hs:
        a, i, o = wx[:, :u], wx[:, u : 2 * u], wx[:, 2 * u : 3 * u]
        c = _sigmoid(i) * numpy.tanh(a)
        return c, _sigmoid(o) * numpy.tanh(c)
    aio = wx[:, : 3 * u] + sum(hs) @ _w(link.W_h_aio)
    a, i, o = aio[:, :u], aio[:, u : 2 * u], aio[:, 2 * u :]
    c = numpy.tanh(a) * _sigmoid(i)
    for ck, hk in zip(cs, hs, strict=True):
        c = c + _sigmoid(wx[:, 3 * u :] + hk @ _w(link.W_h_f)) * ck
    return c, _sigmoid(o) * numpy.tanh(c)


def _nary(link, cs, hs, x):
    u = link.state_size
    z = x @ _w(link.W_x) + link.W_x.b.array
    for k, h in enumerate(hs, start=1):
        if h is not None:
            z = z + h @ _w(getattr(link, f"W_h{k}"))
    a, i, o = z[:, :u], z[:, u : 2 * u], z[:, 2 * u : 3 * u]
    c = numpy.tanh(a) * _sigmoid(i)
    for k, ck in enumerate(cs):
        if ck is not None:
            c = c + _sigmoid(z[:, (3 + k) * u : (4 + k) * u]) * ck
    return c, _sigmoid(o) * numpy.tanh(c)


def _exposed(cls):
    class Exposed(cls):
        def __getattr__(self, name):
            if "__" in name and not name.startswith("__"):
                obj = self
                for part in name.split("__"):
                    obj = getattr(obj, part)
                return obj
            raise AttributeError(name)

    return Exposed


def _tolerances(case):
    if case.dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif case.dtype == numpy.float32:
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"n_children": [0, 1, 3], "dtype": [numpy.float32, numpy.float64]}),
    {"n_children": 2, "dtype": numpy.float16},
)
@testing.fix_random()
class TestChildSumTreeLSTM(testing.LinkTestCase):
    param_names = ("W_x__W", "W_x__b", "W_h_aio__W", "W_h_f__W")
    in_size = 3
    out_size = 2

    def setUp(self):
        _tolerances(self)

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            return _exposed(ChildSumTreeLSTM)(self.in_size, self.out_size)

    def generate_inputs(self):
        states = [
            numpy.random.uniform(-1, 1, (4, self.out_size)).astype(self.dtype)
            for _ in range(2 * self.n_children)
        ]
        x = numpy.random.uniform(-1, 1, (4, self.in_size)).astype(self.dtype)
        return (*states, x)

    def forward_expected(self, link, inputs):
        v = [a.astype(numpy.float64) for a in inputs]
        n = self.n_children
        c, h = _child_sum(link, v[:n], v[n : 2 * n], v[-1])
        return c.astype(self.dtype), h.astype(self.dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"n_ary": [1, 2, 3], "dtype": [numpy.float32, numpy.float64]}),
    {"n_ary": 2, "dtype": numpy.float16},
)
@testing.fix_random()
class TestNaryTreeLSTM(testing.LinkTestCase):
    in_size = 3
    out_size = 2

    def setUp(self):
        _tolerances(self)
        self.param_names = ("W_x__W", "W_x__b") + tuple(
            f"W_h{k}__W" for k in range(1, self.n_ary + 1)
        )

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            return _exposed(NaryTreeLSTM)(self.in_size, self.out_size, n_ary=self.n_ary)

    def generate_inputs(self):
        states = [
            numpy.random.uniform(-1, 1, (4, self.out_size)).astype(self.dtype)
            for _ in range(2 * self.n_ary)
        ]
        x = numpy.random.uniform(-1, 1, (4, self.in_size)).astype(self.dtype)
        return (*states, x)

    def forward_expected(self, link, inputs):
        v = [a.astype(numpy.float64) for a in inputs]
        n = self.n_ary
        c, h = _nary(link, v[:n], v[n : 2 * n], v[-1])
        return c.astype(self.dtype), h.astype(self.dtype)


def test_child_sum_missing_children_and_input_are_zeros():
    link = ChildSumTreeLSTM(3, 2)
    c1 = numpy.random.uniform(-1, 1, (2, 2)).astype(numpy.float32)
    h1 = numpy.random.uniform(-1, 1, (2, 2)).astype(numpy.float32)
    zeros = numpy.zeros((2, 2), numpy.float32)
    c, h = link(c1, None, h1, None, None)
    ce, he = link(c1, zeros, h1, zeros, numpy.zeros((2, 3), numpy.float32))
    numpy.testing.assert_allclose(c.array, ce.array)
    numpy.testing.assert_allclose(h.array, he.array)
    assert (link.in_size, link.state_size) == (3, 2)
    assert link.W_x.W.shape == (8, 3) and link.W_h_aio.W.shape == (6, 2)


def test_nary_missing_children():
    link = NaryTreeLSTM(3, 2, n_ary=2)
    rng = numpy.random.RandomState(0)
    c1, h1 = (rng.uniform(-1, 1, (2, 2)).astype(numpy.float32) for _ in range(2))
    x = rng.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    c, h = link(c1, None, h1, None, x)
    expected = _nary(link, [c1.astype(numpy.float64), None], [h1.astype(numpy.float64), None], x)
    numpy.testing.assert_allclose(c.array, expected[0], rtol=1e-5, atol=1e-6)
    numpy.testing.assert_allclose(h.array, expected[1], rtol=1e-5, atol=1e-6)
    c0, _ = link(None, None, None, h1, None)
    assert c0.shape == (2, 2)
    assert link.W_h2.W.shape == (10, 2) and link.W_h1.b is None


def test_errors():
    with pytest.raises(ValueError, match="all inputs"):
        ChildSumTreeLSTM(3, 2)(None, None, None)
    with pytest.raises(ValueError, match="odd number"):
        ChildSumTreeLSTM(3, 2)(None, None)
    with pytest.raises(ValueError, match="2 \\* n_ary \\+ 1 = 5"):
        NaryTreeLSTM(3, 2)(None, None, None)
    with pytest.raises(ValueError, match="all inputs"):
        NaryTreeLSTM(3, 2)(None, None, None, None, None)
    with pytest.raises(ValueError, match="n_ary must be at least 1"):
        NaryTreeLSTM(3, 2, n_ary=0)
