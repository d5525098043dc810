"""F.square."""

import unittest

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.square import square
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


# name: (function, NumPy reference, range of the test inputs)
_UNARY = {
    "square": (square, numpy.square, (-2.0, 2.0)),
}

_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {"name": list(_UNARY), "shape": [(3, 2)], "dtype": _DTYPES, "contiguous": [None, "C"]}
    )
    + testing.product({"name": list(_UNARY), "shape": [()], "dtype": _DTYPES, "contiguous": ["C"]})
)
@testing.fix_random()
class TestSquare(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.func, self.reference, self.range = _UNARY[self.name]

    def generate_inputs(self):
        return (numpy.random.uniform(*self.range, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (self.func(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.asarray(self.reference(x)).astype(self.dtype),)


def _data_in(low, high):
    def make_data(shape, dtype):
        x = numpy.random.uniform(low, high, shape).astype(dtype)
        gy = numpy.random.uniform(-1, 1, shape).astype(dtype)
        ggx = numpy.random.uniform(-1, 1, shape).astype(dtype)
        return x, gy, ggx

    return make_data


# Chainer v7's decorator: label, forward against NumPy, backward and double backward.
@testing.fix_random()
@testing.unary_math_function_unittest(square)
class TestSquareUnary(unittest.TestCase):
    pass


@pytest.mark.parametrize("name", list(_UNARY))
def test_int_input_is_invalid(name):
    func, _, _ = _UNARY[name]
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert f"Invalid operation is performed in: {name} (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


@pytest.mark.parametrize("name", list(_UNARY))
def test_keeps_float16(name):
    func, _, (low, high) = _UNARY[name]
    x = chainer.Variable(numpy.full((2,), (low + high) / 2, numpy.float16))
    y = func(x)
    assert y.dtype == numpy.float16
    gy = chainer.Variable(numpy.ones((2,), numpy.float16))
    (gx,) = chainer.grad([y], [x], grad_outputs=[gy], enable_double_backprop=True)
    assert gx.dtype == numpy.float16
