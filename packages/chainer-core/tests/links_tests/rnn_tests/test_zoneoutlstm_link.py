"""L.StatefulZoneoutLSTM: steps against NumPy (inference, ratios 0 and 1), gradients, state."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.rnn.zoneoutlstm import StatefulZoneoutLSTM

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _step(link, c, h, x, c_ratio, h_ratio):
    """One step with zoneout ratios of exactly 0 or 1 (deterministic)."""
    z = x @ link.upward.W.array.astype(numpy.float64).T + link.upward.b.array
    z = z + h @ link.lateral.W.array.astype(numpy.float64).T
    a, i, f, o = (z[:, k::4] for k in range(4))
    c_tmp = numpy.tanh(a) * _sigmoid(i) + _sigmoid(f) * c
    h_tmp = _sigmoid(o) * numpy.tanh(c_tmp)
    return (c if c_ratio == 1 else c_tmp), (h if h_ratio == 1 else h_tmp)


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
            "dtype": [numpy.float32, numpy.float64],
            # (train, c_ratio, h_ratio): the output is deterministic in each.
            "mode": [(False, 0.5, 0.5), (True, 0.0, 0.0), (True, 1.0, 0.0), (True, 0.0, 1.0)],
        }
    ),
    {"dtype": numpy.float16, "mode": (False, 0.5, 0.5)},
)
@testing.fix_random()
class TestStatefulZoneoutLSTM(testing.LinkTestCase):
    param_names = ("upward__W", "upward__b", "lateral__W")
    in_size = 3
    out_size = 2

    def setUp(self):
        self.train, self.c_ratio, self.h_ratio = self.mode
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            return _exposed(StatefulZoneoutLSTM)(
                self.in_size, self.out_size, c_ratio=self.c_ratio, h_ratio=self.h_ratio
            )

    def generate_inputs(self):
        shape = (3, self.out_size)
        x = numpy.random.uniform(-1, 1, (3, self.in_size)).astype(self.dtype)
        c = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        h = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        return x, c, h

    def forward(self, link, inputs, device):
        x, c, h = inputs
        link.set_state(c, h)
        with chainer.using_config("train", self.train):
            y = link(x)
        return y, link.c

    def forward_expected(self, link, inputs):
        x, c, h = (v.astype(numpy.float64) for v in inputs)
        c_ratio = self.c_ratio if self.train else 0
        h_ratio = self.h_ratio if self.train else 0
        c_new, h_new = _step(link, c, h, x, c_ratio, h_ratio)
        return h_new.astype(self.dtype), c_new.astype(self.dtype)


def test_first_step_starts_from_zeros():
    link = StatefulZoneoutLSTM(3, 2)
    x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    with chainer.using_config("train", False):
        y = link(x)
    expected = _step(link, numpy.zeros((2, 2)), numpy.zeros((2, 2)), x, 0, 0)[1]
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)
    assert (link.c_ratio, link.h_ratio, link.state_size) == (0.5, 0.5, 2)
    link.reset_state()
    assert link.c is None and link.h is None


def test_errors():
    with pytest.raises(ValueError, match="train argument is not supported"):
        StatefulZoneoutLSTM(3, 2, train=True)
    with pytest.raises(TypeError, match="unexpected keyword"):
        StatefulZoneoutLSTM(3, 2, ratio=0.1)
    link = StatefulZoneoutLSTM(3, 2)
    with pytest.raises(TypeError, match="c must be a chainer.Variable"):
        link.set_state(None, None)
