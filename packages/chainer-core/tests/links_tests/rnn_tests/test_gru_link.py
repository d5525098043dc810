"""L.StatelessGRU, L.StatefulGRU and L.GRU: steps against NumPy, gradients, state handling."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.rnn.gru import GRU, StatefulGRU, StatelessGRU

_BACKENDS = [{}, {"use_cuda": True}]
_MAPS = ("W_r", "U_r", "W_z", "U_z", "W", "U")
_PARAMS = tuple(f"{m}__{p}" for m in _MAPS for p in ("W", "b"))


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _lin(link, name, v):
    child = getattr(link, name)
    return v @ child.W.array.astype(numpy.float64).T + child.b.array


def _gru_step(link, h, x):
    if h is None:
        z = _sigmoid(_lin(link, "W_z", x))
        return z * numpy.tanh(_lin(link, "W", x))
    r = _sigmoid(_lin(link, "W_r", x) + _lin(link, "U_r", h))
    z = _sigmoid(_lin(link, "W_z", x) + _lin(link, "U_z", h))
    h_bar = numpy.tanh(_lin(link, "W", x) + _lin(link, "U", r * h))
    return z * h_bar + (1 - z) * h


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
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "link": ["stateless", "stateful", "stateful_first", "gru"],
            "dtype": [numpy.float32, numpy.float64],
        }
    ),
    {"link": "stateless", "dtype": numpy.float16},
)
@testing.fix_random()
class TestGRU(testing.LinkTestCase):
    param_names = _PARAMS
    in_size = 3
    out_size = 2

    def setUp(self):
        _tolerances(self)

    def generate_params(self):
        return initializers.Uniform(1.0), initializers.Uniform(1.0), initializers.Uniform(0.5)

    def create_link(self, initializers):
        init, inner_init, bias_init = initializers
        cls = {
            "stateless": StatelessGRU,
            "stateful": StatefulGRU,
            "stateful_first": StatefulGRU,
            "gru": GRU,
        }[self.link]
        with chainer.using_config("dtype", self.dtype):
            return _exposed(cls)(self.in_size, self.out_size, init, inner_init, bias_init)

    def generate_inputs(self):
        h = numpy.random.uniform(-1, 1, (4, self.out_size)).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, (4, self.in_size)).astype(self.dtype)
        return (x,) if self.link == "stateful_first" else (h, x)

    def forward(self, link, inputs, device):
        if self.link == "stateless":
            return (link(*inputs),)
        link.reset_state()
        if self.link != "stateful_first":
            link.set_state(inputs[0])
        y = link(inputs[-1])
        assert link.h is y
        return (y,)

    def forward_expected(self, link, inputs):
        if self.link == "stateful_first":
            h, x = None, inputs[0].astype(numpy.float64)
        else:
            h, x = (v.astype(numpy.float64) for v in inputs)
        return (_gru_step(link, h, x).astype(self.dtype),)


def test_initializers_reach_every_map():
    link = StatefulGRU(3, 2, init=1.0, inner_init=2.0, bias_init=3.0)
    for name in ("W_r", "W_z", "W"):
        assert (getattr(link, name).W.array == 1).all()
        assert getattr(link, name).W.shape == (2, 3)
    for name in ("U_r", "U_z", "U"):
        assert (getattr(link, name).W.array == 2).all()
        assert getattr(link, name).W.shape == (2, 2)
    assert all((getattr(link, name).b.array == 3).all() for name in _MAPS)
    assert link.state_size == 2
    assert not StatefulGRU(3, 2).W.b.array.any()
    assert not StatelessGRU(3, 2).U.b.array.any()


def test_stateful_steps_and_reset():
    link = GRU(3, 2)
    x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    y1 = link(x)
    y2 = link(x)
    assert not numpy.allclose(y1.array, y2.array)
    link.reset_state()
    assert link.h is None
    numpy.testing.assert_allclose(link(x).array, y1.array)
    with pytest.raises(TypeError, match="h must be a chainer.Variable"):
        link.set_state(numpy.zeros((2, 2), numpy.float32))


def test_gru_rejects_the_stateless_call():
    link = GRU(3, 2)
    h = numpy.zeros((1, 2), numpy.float32)
    x = numpy.zeros((1, 3), numpy.float32)
    with pytest.raises(ValueError, match="StatelessGRU"):
        link(h, x)
    with pytest.raises(ValueError, match="one argument"):
        link()


def test_lazy_input_size():
    link = StatefulGRU(None, 2)
    link(numpy.ones((1, 5), numpy.float32))
    assert link.W_r.W.array is None  # the first step has no state to reset
    link(numpy.ones((1, 5), numpy.float32))
    assert link.W_r.W.shape == (2, 5) and link.U_r.W.shape == (2, 2)
