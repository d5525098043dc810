"""L.StatelessMGU and L.StatefulMGU: steps against NumPy, gradients, state handling."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.rnn.mgu import StatefulMGU, StatelessMGU

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _mgu_step(link, h, x):
    def lin(child, v):
        return v @ child.W.array.astype(numpy.float64).T + child.b.array

    f = _sigmoid(lin(link.W_f, numpy.concatenate([h, x], axis=1)))
    h_bar = numpy.tanh(lin(link.W_h, numpy.concatenate([f * h, x], axis=1)))
    return f * h_bar + (1 - f) * h


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
    *testing.product(
        {
            "link": ["stateless", "stateful", "stateful_first"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
        }
    )
)
@testing.fix_random()
class TestMGU(testing.LinkTestCase):
    param_names = ("W_f__W", "W_f__b", "W_h__W", "W_h__b")
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
        cls = StatelessMGU if self.link == "stateless" else StatefulMGU
        with chainer.using_config("dtype", self.dtype):
            return _exposed(cls)(self.in_size, self.out_size)

    def generate_inputs(self):
        h = numpy.random.uniform(-1, 1, (4, self.out_size)).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, (4, self.in_size)).astype(self.dtype)
        return (x,) if self.link == "stateful_first" else (h, x)

    def forward(self, link, inputs, device):
        if self.link == "stateless":
            return (link(*inputs),)
        link.reset_state()
        if self.link == "stateful":
            link.set_state(inputs[0])
        return (link(inputs[-1]),)

    def forward_expected(self, link, inputs):
        if self.link == "stateful_first":
            x = inputs[0].astype(numpy.float64)
            h = numpy.zeros((len(x), self.out_size))
        else:
            h, x = (v.astype(numpy.float64) for v in inputs)
        return (_mgu_step(link, h, x).astype(self.dtype),)


def test_shapes_state_and_errors():
    link = StatefulMGU(3, 2)
    assert link.W_f.W.shape == (2, 5) and link.W_h.W.shape == (2, 5)
    x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    y1 = link(x)
    assert link.h is y1
    link(x)
    link.reset_state()
    numpy.testing.assert_allclose(link(x).array, y1.array)
    with pytest.raises(TypeError, match="h must be a chainer.Variable"):
        link.set_state(None)
