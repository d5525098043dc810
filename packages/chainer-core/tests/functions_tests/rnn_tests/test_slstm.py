"""F.slstm (and its gradient node, through double backprop)."""

import numpy
import pytest

from chainer import testing
from chainer.functions.rnn.slstm import slstm
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _slstm_expected(c_prev1, c_prev2, x1, x2):
    """NumPy S-LSTM in float64 (Chainer v7's formula), gates interleaved as a, i, f, o."""
    c1, c2, x1, x2 = (v.astype(numpy.float64) for v in (c_prev1, c_prev2, x1, x2))
    a1, i1, f1, o1 = (x1[:, k::4] for k in range(4))
    a2, i2, f2, o2 = (x2[:, k::4] for k in range(4))
    c = (
        numpy.tanh(a1) * _sigmoid(i1)
        + numpy.tanh(a2) * _sigmoid(i2)
        + _sigmoid(f1) * c1
        + _sigmoid(f2) * c2
    )
    h = _sigmoid(o1 + o2) * numpy.tanh(c)
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
            "shapes": [((3, 2), (3, 8)), ((2, 3, 2), (2, 12, 2))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSLSTM(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        c_shape, x_shape = self.shapes
        cs = [numpy.random.uniform(-1, 1, c_shape).astype(self.dtype) for _ in range(2)]
        xs = [numpy.random.uniform(-1, 1, x_shape).astype(self.dtype) for _ in range(2)]
        return (*cs, *xs)

    def forward(self, inputs, device):
        return slstm(*inputs)

    def forward_expected(self, inputs):
        return tuple(y.astype(self.dtype) for y in _slstm_expected(*inputs))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"output": [0, 1]}))
@testing.fix_random()
class TestSLSTMOneOutput(testing.FunctionTestCase):
    """Only ``c`` or only ``h`` gets a gradient."""

    contiguous = "C"

    def setUp(self):
        _options(self, numpy.float64)

    def generate_inputs(self):
        cs = [numpy.random.uniform(-1, 1, (3, 2)) for _ in range(2)]
        xs = [numpy.random.uniform(-1, 1, (3, 8)) for _ in range(2)]
        return (*cs, *xs)

    def forward(self, inputs, device):
        return (slstm(*inputs)[self.output],)

    def forward_expected(self, inputs):
        return (_slstm_expected(*inputs)[self.output],)


@pytest.mark.parametrize(
    "shapes, fragment",
    [
        ([(3, 2), (3, 2), (3, 6), (3, 8)], "x1.shape[1] == 4 * c_prev1.shape[1]"),
        ([(3, 2), (3, 2), (3, 8), (2, 8)], "x2.shape[0] == c_prev1.shape[0]"),
        ([(3, 2), (3, 3), (3, 8), (3, 8)], "c_prev2.shape[1] == c_prev1.shape[1]"),
        ([(3, 2, 2), (3, 2, 2), (3, 8, 2), (3, 8, 1)], "x2.shape[2] == c_prev1.shape[2]"),
    ],
)
def test_invalid_shapes(shapes, fragment):
    inputs = [numpy.zeros(s, numpy.float32) for s in shapes]
    with pytest.raises(type_check.InvalidType) as info:
        slstm(*inputs)
    message = str(info.value)
    assert "Invalid operation is performed in: SLSTM (Forward)" in message
    assert fragment in message.replace("'", "")


def test_invalid_dtype():
    inputs = [numpy.zeros((2, 1), numpy.float32)] * 2 + [numpy.zeros((2, 4), numpy.float32)] * 2
    inputs[3] = inputs[3].astype(numpy.float64)
    with pytest.raises(type_check.InvalidType, match="x2.dtype == c_prev1.dtype"):
        slstm(*inputs)
