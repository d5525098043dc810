"""F.exp and F.log."""

import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


_PARAMS = testing.product(
    {
        "shape": [(3, 2), ()],
        "dtype": [numpy.float16, numpy.float32, numpy.float64],
        "contiguous": [None, "C"],
    }
)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestExp(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.exp(inputs[0]),)

    def forward_expected(self, inputs):
        return (numpy.asarray(numpy.exp(inputs[0].astype(numpy.float64))).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestLog(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)

    def generate_inputs(self):
        # Positive and away from 0, where log is steep.
        return (numpy.random.uniform(0.5, 2.0, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.log(inputs[0]),)

    def forward_expected(self, inputs):
        return (numpy.asarray(numpy.log(inputs[0].astype(numpy.float64))).astype(self.dtype),)


@pytest.mark.parametrize("func, label", [(F.exp, "exp"), (F.log, "log")])
def test_int_input_is_invalid(func, label):
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert f"Invalid operation is performed in: {label} (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")
