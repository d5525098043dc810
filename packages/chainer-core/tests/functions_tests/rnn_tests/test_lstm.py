"""F.lstm (and its gradient node, through double backprop)."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.rnn.lstm import lstm
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _lstm_expected(c_prev, x):
    """NumPy LSTM in float64: gates interleaved as a, i, f, o along axis 1."""
    c_prev = c_prev.astype(numpy.float64)
    x = x.astype(numpy.float64)
    batch = x.shape[0]
    a = numpy.tanh(x[:, 0::4])
    i = _sigmoid(x[:, 1::4])
    f = _sigmoid(x[:, 2::4])
    o = _sigmoid(x[:, 3::4])
    c = c_prev.copy()
    c[:batch] = a * i + f * c_prev[:batch]
    h = o * numpy.tanh(c[:batch])
    return c, h


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-3, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-3, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
        case.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (c_prev shape, x shape): same batch, a shorter x batch, extra axes.
            "shapes": [((3, 2), (3, 8)), ((4, 2), (2, 8)), ((2, 3, 2), (2, 12, 2))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLSTM(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        c_shape, x_shape = self.shapes
        c_prev = numpy.random.uniform(-1, 1, c_shape).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, x_shape).astype(self.dtype)
        return c_prev, x

    def forward(self, inputs, device):
        return lstm(*inputs)

    def forward_expected(self, inputs):
        return tuple(y.astype(self.dtype) for y in _lstm_expected(*inputs))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"output": [0, 1], "batch": [3, 2]}))
@testing.fix_random()
class TestLSTMOneOutput(testing.FunctionTestCase):
    """Only ``c`` or only ``h`` gets a gradient (the other is None in backward)."""

    contiguous = "C"

    def setUp(self):
        _options(self, numpy.float64)

    def generate_inputs(self):
        c_prev = numpy.random.uniform(-1, 1, (3, 2))
        x = numpy.random.uniform(-1, 1, (self.batch, 8))
        return c_prev, x

    def forward(self, inputs, device):
        return (lstm(*inputs)[self.output],)

    def forward_expected(self, inputs):
        return (_lstm_expected(*inputs)[self.output],)


def test_matches_elementwise_definition_float32():
    rng = numpy.random.default_rng(0)
    c_prev = rng.uniform(-1, 1, (5, 3)).astype(numpy.float32)
    x = rng.uniform(-3, 3, (4, 12)).astype(numpy.float32)
    c, h = lstm(chainer.Variable(c_prev), chainer.Variable(x))
    assert c.dtype == numpy.float32 and h.dtype == numpy.float32
    assert c.shape == (5, 3) and h.shape == (4, 3)
    # Rows past x's batch pass through unchanged.
    numpy.testing.assert_array_equal(c.array[4:], c_prev[4:])
    expected_c, expected_h = _lstm_expected(c_prev, x)
    numpy.testing.assert_allclose(c.array, expected_c, atol=1e-6)
    numpy.testing.assert_allclose(h.array, expected_h, atol=1e-6)


@pytest.mark.parametrize(
    "c_shape, x_shape, fragment",
    [
        ((3, 2), (3, 6), "x.shape[1] == 4 * c_prev.shape[1]"),
        ((2, 2), (3, 8), "x.shape[0] <= c_prev.shape[0]"),
        ((3, 2, 2), (3, 8, 3), "x.shape[2] == c_prev.shape[2]"),
        ((3, 2), (3, 8, 1), "x.ndim == c_prev.ndim"),
    ],
)
def test_invalid_shapes(c_shape, x_shape, fragment):
    c_prev = numpy.zeros(c_shape, numpy.float32)
    x = numpy.zeros(x_shape, numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        lstm(c_prev, x)
    message = str(info.value)
    assert "Invalid operation is performed in: LSTM (Forward)" in message
    assert fragment in message.replace("'", "")


def test_invalid_dtypes():
    with pytest.raises(type_check.InvalidType, match="x.dtype == c_prev.dtype"):
        lstm(numpy.zeros((2, 1), numpy.float32), numpy.zeros((2, 4), numpy.float64))
    with pytest.raises(type_check.InvalidType, match="c_prev.dtype.kind == f"):
        lstm(numpy.zeros((2, 1), numpy.int32), numpy.zeros((2, 4), numpy.int32))
