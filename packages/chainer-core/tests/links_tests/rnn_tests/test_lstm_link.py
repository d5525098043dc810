"""L.LSTM and L.StatelessLSTM: steps against NumPy, gradients, state handling, initializers."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.rnn.lstm import LSTM, StatelessLSTM

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _lstm_step(link, c, h, x):
    """One step in float64 with the link's weights; the gates are interleaved (a, i, f, o)."""
    z = x.reshape(len(x), -1) @ link.upward.W.array.T + link.upward.b.array
    if h is not None:
        z = z + h @ link.lateral.W.array.T
    a, i, f, o = (z[:, k::4] for k in range(4))
    c_new = numpy.tanh(a) * _sigmoid(i) + _sigmoid(f) * c
    return c_new, _sigmoid(o) * numpy.tanh(c_new)


def _exposed(cls):
    """``cls`` with child parameters readable as ``child__name`` (for param_names)."""

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


_PARAMS = ("upward__W", "upward__b", "lateral__W")


def _random_inits():
    return (
        initializers.Uniform(1.0),
        initializers.Uniform(1.0),
        initializers.Uniform(0.5),
        initializers.Uniform(0.5),
    )


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "state": ["none", "same", "shrink"],
            "lazy": [False],
        }
    ),
    {"dtype": numpy.float32, "state": "same", "lazy": True},
)
@testing.fix_random()
class TestLSTM(testing.LinkTestCase):
    param_names = _PARAMS
    in_size = 3
    out_size = 2

    def setUp(self):
        _tolerances(self)
        self.batch, self.state_batch = {"none": (3, 3), "same": (3, 3), "shrink": (2, 3)}[
            self.state
        ]

    def generate_params(self):
        return _random_inits()

    def create_link(self, initializers):
        lateral, upward, bias, forget = initializers
        with chainer.using_config("dtype", self.dtype):
            return _exposed(LSTM)(
                None if self.lazy else self.in_size,
                self.out_size,
                lateral_init=lateral,
                upward_init=upward,
                bias_init=bias,
                forget_bias_init=forget,
            )

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (self.batch, self.in_size)).astype(self.dtype)
        if self.state == "none":
            return (x,)
        shape = (self.state_batch, self.out_size)
        c = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        h = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        return x, c, h

    def forward(self, link, inputs, device):
        link.reset_state()
        with chainer.using_config("dtype", self.dtype):
            if self.state != "none":
                link.set_state(inputs[1], inputs[2])
            y = link(inputs[0])
        return y, link.c, link.h

    def forward_expected(self, link, inputs):
        x = inputs[0].astype(numpy.float64)
        if self.state == "none":
            c = numpy.zeros((self.batch, self.out_size))
            h = None
        else:
            c, h = (v.astype(numpy.float64) for v in inputs[1:])
        b = self.batch
        c_new, y = _lstm_step(link, c[:b], None if h is None else h[:b], x)
        c_all = numpy.concatenate([c_new, c[b:]])
        h_all = y if h is None else numpy.concatenate([y, h[b:]])
        return tuple(v.astype(self.dtype) for v in (y, c_all, h_all))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product({"dtype": [numpy.float32, numpy.float64], "lazy": [False, True]})
)
@testing.fix_random()
class TestStatelessLSTM(testing.LinkTestCase):
    param_names = _PARAMS
    in_size = 3
    out_size = 2

    def setUp(self):
        _tolerances(self)

    def generate_params(self):
        return _random_inits()

    def create_link(self, initializers):
        lateral, upward, bias, forget = initializers
        with chainer.using_config("dtype", self.dtype):
            return _exposed(StatelessLSTM)(
                None if self.lazy else self.in_size,
                self.out_size,
                lateral_init=lateral,
                upward_init=upward,
                bias_init=bias,
                forget_bias_init=forget,
            )

    def generate_inputs(self):
        shape = (4, self.out_size)
        c = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        h = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, (4, self.in_size)).astype(self.dtype)
        return c, h, x

    def forward(self, link, inputs, device):
        with chainer.using_config("dtype", self.dtype):
            return link(*inputs)

    def forward_expected(self, link, inputs):
        c, h, x = (v.astype(numpy.float64) for v in inputs)
        return tuple(v.astype(self.dtype) for v in _lstm_step(link, c, h, x))


def test_default_initialization():
    numpy.random.seed(0)
    link = LSTM(3, 2)
    b = link.upward.b.array
    numpy.testing.assert_array_equal(b[2::4], numpy.ones(2))
    numpy.testing.assert_array_equal(numpy.delete(b, numpy.s_[2::4]), numpy.zeros(6))
    assert link.upward.W.shape == (8, 3) and link.lateral.W.shape == (8, 2)
    assert link.lateral.b is None and link.state_size == 2
    assert link.upward.W.array.std() > 0


def test_initializers_see_one_block_at_a_time():
    shapes = []

    def record(array):
        shapes.append(array.shape)
        array[...] = 7

    link = LSTM(3, 2, lateral_init=record, upward_init=2.0, bias_init=0.5, forget_bias_init=-1)
    assert shapes == [(2, 2)] * 4
    assert (link.lateral.W.array == 7).all() and (link.upward.W.array == 2).all()
    b = link.upward.b.array.reshape(2, 4)
    numpy.testing.assert_array_equal(b, [[0.5, 0.5, -1, 0.5]] * 2)


def test_one_size_is_out_size_and_lazy():
    for link in (LSTM(4), LSTM(None, 4), StatelessLSTM(4)):
        assert link.upward.W.array is None and link.state_size == 4
    link = LSTM(4)
    y = link(numpy.ones((2, 3, 2), numpy.float32))
    assert y.shape == (2, 4) and link.upward.W.shape == (16, 6)
    assert link.upward.in_size == 6
    numpy.testing.assert_array_equal(link.upward.b.array[2::4], numpy.ones(4))


def test_state_over_steps_and_variable_batch():
    link = LSTM(3, 2)
    x = numpy.random.uniform(-1, 1, (3, 3)).astype(numpy.float32)
    y1 = link(x)
    h1, c1 = link.h.array.copy(), link.c.array.copy()
    numpy.testing.assert_array_equal(y1.array, h1)
    y2 = link(x[:2])
    assert y2.shape == (2, 2) and link.h.shape == (3, 2) and link.c.shape == (3, 2)
    numpy.testing.assert_array_equal(link.h.array[2], h1[2])
    numpy.testing.assert_array_equal(link.c.array[2], c1[2])
    with pytest.raises(TypeError, match="batch size of x must be at most"):
        link(numpy.ones((4, 3), numpy.float32))
    link.reset_state()
    assert link.c is None and link.h is None
    numpy.testing.assert_allclose(link(x).array, y1.array)


def test_set_state_checks_and_backprop_through_state():
    link = LSTM(3, 2)
    with pytest.raises(TypeError, match="c must be a chainer.Variable"):
        link.set_state(numpy.zeros((1, 2), numpy.float32), chainer.Variable(numpy.zeros((1, 2))))
    c = chainer.Variable(numpy.ones((1, 2), numpy.float32))
    h = chainer.Variable(numpy.ones((1, 2), numpy.float32))
    link.set_state(c, h)
    chainer.functions.sum(link(numpy.ones((1, 3), numpy.float32))).backward()
    assert c.grad is not None and h.grad is not None


def test_state_moves_with_the_link():
    link = LSTM(3, 2)
    link(numpy.ones((1, 3), numpy.float32))
    link.to_device("@numpy")
    assert isinstance(link.c.array, numpy.ndarray)
    assert set(name for name, _ in link.namedparams()) == {"/upward/W", "/upward/b", "/lateral/W"}


@testing.attr.gpu
def test_gpu_state_follows_the_link():
    import cupy

    link = LSTM(3)
    link.to_device("@cupy:0")
    y = link(cupy.ones((2, 4), numpy.float32))
    assert isinstance(y.array, cupy.ndarray) and isinstance(link.upward.W.array, cupy.ndarray)
    link.to_device("@numpy")
    assert isinstance(link.c.array, numpy.ndarray) and isinstance(link.h.array, numpy.ndarray)
