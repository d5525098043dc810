"""L.StatefulPeepholeLSTM: steps against NumPy, gradients, state handling."""

import numpy

import chainer
from chainer import testing
from chainer.links.rnn.peephole import StatefulPeepholeLSTM

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _peephole_step(link, c, h, x):
    def w(child):
        return child.W.array.astype(numpy.float64).T

    z = x @ w(link.upward) + link.upward.b.array
    if h is not None:
        z = z + h @ w(link.lateral)
    a, i, f, o = (z[:, k::4] for k in range(4))
    i = _sigmoid(i + c @ w(link.peep_i))
    f = _sigmoid(f + c @ w(link.peep_f))
    c_new = numpy.tanh(a) * i + f * c
    o = _sigmoid(o + c_new @ w(link.peep_o))
    return c_new, o * numpy.tanh(c_new)


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


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"dtype": [numpy.float16, numpy.float32, numpy.float64], "steps": [1, 2]})
)
@testing.fix_random()
class TestStatefulPeepholeLSTM(testing.LinkTestCase):
    param_names = (
        "upward__W",
        "upward__b",
        "lateral__W",
        "peep_i__W",
        "peep_f__W",
        "peep_o__W",
    )
    in_size = 3
    out_size = 2

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            return _exposed(StatefulPeepholeLSTM)(self.in_size, self.out_size)

    def generate_inputs(self):
        return tuple(
            numpy.random.uniform(-1, 1, (3, self.in_size)).astype(self.dtype)
            for _ in range(self.steps)
        )

    def forward(self, link, inputs, device):
        link.reset_state()
        for x in inputs:
            y = link(x)
        assert link.h is y
        return y, link.c

    def forward_expected(self, link, inputs):
        c = numpy.zeros((3, self.out_size))
        h = None
        for x in inputs:
            c, h = _peephole_step(link, c, h, x.astype(numpy.float64))
        return h.astype(self.dtype), c.astype(self.dtype)


def test_structure_and_reset():
    link = StatefulPeepholeLSTM(3, 2)
    assert link.upward.W.shape == (8, 3) and link.lateral.b is None
    assert all(getattr(link, n).W.shape == (2, 2) for n in ("peep_i", "peep_f", "peep_o"))
    assert link.state_size == 2
    x = numpy.ones((1, 3), numpy.float32)
    y = link(x)
    link(x)
    link.reset_state()
    assert link.c is None and link.h is None
    numpy.testing.assert_allclose(link(x).array, y.array)
