"""F.tree_lstm (and its gradient node, through double backprop)."""

import numpy
import pytest

from chainer import testing
from chainer.functions.rnn.tree_lstm import tree_lstm
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _tree_lstm_expected(*inputs):
    """NumPy Tree-LSTM in float64: x in blocks a, i, o, f_1, ..., f_N along axis 1."""
    cs = [c.astype(numpy.float64) for c in inputs[:-1]]
    x = inputs[-1].astype(numpy.float64)
    units = cs[0].shape[1]
    blocks = [x[:, k * units : (k + 1) * units] for k in range(3 + len(cs))]
    a, i, o = numpy.tanh(blocks[0]), _sigmoid(blocks[1]), _sigmoid(blocks[2])
    c = a * i
    for f, c_k in zip(blocks[3:], cs):
        c = c + _sigmoid(f) * c_k
    return c, o * numpy.tanh(c)


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
            # (number of children, cell shape)
            "case": [(1, (3, 2)), (2, (3, 2)), (3, (2, 2, 2))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestTreeLSTM(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        n, c_shape = self.case
        cs = [numpy.random.uniform(-1, 1, c_shape).astype(self.dtype) for _ in range(n)]
        x_shape = (c_shape[0], (3 + n) * c_shape[1]) + c_shape[2:]
        x = numpy.random.uniform(-1, 1, x_shape).astype(self.dtype)
        return (*cs, x)

    def forward(self, inputs, device):
        return tree_lstm(*inputs)

    def forward_expected(self, inputs):
        return tuple(y.astype(self.dtype) for y in _tree_lstm_expected(*inputs))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"output": [0, 1]}))
@testing.fix_random()
class TestTreeLSTMOneOutput(testing.FunctionTestCase):
    """Only ``c`` or only ``h`` gets a gradient."""

    contiguous = "C"

    def setUp(self):
        _options(self, numpy.float64)

    def generate_inputs(self):
        cs = [numpy.random.uniform(-1, 1, (3, 2)) for _ in range(2)]
        return (*cs, numpy.random.uniform(-1, 1, (3, 10)))

    def forward(self, inputs, device):
        return (tree_lstm(*inputs)[self.output],)

    def forward_expected(self, inputs):
        return (_tree_lstm_expected(*inputs)[self.output],)


def test_too_few_inputs():
    with pytest.raises(TypeError, match="at least two inputs"):
        tree_lstm(numpy.zeros((2, 4), numpy.float32))


@pytest.mark.parametrize(
    "shapes, fragment",
    [
        ([(3, 2), (3, 2), (3, 8)], "x.shape[1] == 5 * c1.shape[1]"),
        ([(3, 2), (2, 2), (3, 10)], "c2.shape[0] == x.shape[0]"),
        ([(3, 2, 2), (3, 8, 1)], "c1.shape[2] == x.shape[2]"),
    ],
)
def test_invalid_shapes(shapes, fragment):
    inputs = [numpy.zeros(s, numpy.float32) for s in shapes]
    with pytest.raises(type_check.InvalidType) as info:
        tree_lstm(*inputs)
    message = str(info.value)
    assert "Invalid operation is performed in: TreeLSTM (Forward)" in message
    assert fragment in message.replace("'", ""), message
