"""F.broadcast_to and F.sum_to (each the other's gradient)."""

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 3e-3, "rtol": 3e-3}
        case.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_double_backward_options = {"atol": 1e-2, "rtol": 1e-2}
    else:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "in_out": [
                ((3, 1), (3, 4)),
                ((4,), (3, 4)),
                ((), (2, 3)),
                ((1, 3, 1), (2, 3, 4)),
                ((1,), (2, 1, 3)),
                ((3, 4), (3, 4)),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBroadcastTo(testing.FunctionTestCase):
    def setUp(self):
        self.in_shape, self.out_shape = self.in_out
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.in_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.broadcast_to(inputs[0], self.out_shape),)

    def forward_expected(self, inputs):
        return (numpy.broadcast_to(inputs[0], self.out_shape).copy(),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "in_out": [
                ((3, 4), (3, 1)),
                ((3, 4), (4,)),
                ((3, 4), (1, 4)),
                ((2, 3), ()),
                ((2, 3, 4), (1, 3, 1)),
                ((2, 3, 4), (3, 4)),
                ((3, 4), (3, 4)),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSumTo(testing.FunctionTestCase):
    def setUp(self):
        self.in_shape, self.out_shape = self.in_out
        _options(self, self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.in_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (F.sum_to(inputs[0], self.out_shape),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        lead = x.ndim - len(self.out_shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, s in enumerate(self.out_shape) if s == 1 and x.shape[lead + i] != 1
        )
        y = x.sum(axis=axes, keepdims=True).reshape(self.out_shape)
        return (y.astype(self.dtype),)


def test_broadcast_to_gradient_is_summed():
    x = chainer.Variable(numpy.ones((3, 1), numpy.float32))
    F.sum(F.broadcast_to(x, (2, 3, 4))).backward()
    numpy.testing.assert_array_equal(x.grad, numpy.full((3, 1), 8.0, numpy.float32))


def test_broadcast_to_impossible_shape():
    x = chainer.Variable(numpy.ones((3, 2), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.broadcast_to(x, (3, 4))
    message = str(info.value)
    assert "Invalid operation is performed in: BroadcastTo (Forward)" in message
    assert "x.shape == (3, 2)" in message


def test_sum_to_impossible_shape():
    x = chainer.Variable(numpy.ones((3, 4), numpy.float32))
    with pytest.raises(type_check.InvalidType) as info:
        F.sum_to(x, (2,))
    message = str(info.value)
    assert "Invalid operation is performed in: SumTo (Forward)" in message
    assert "x.shape == (3, 4)" in message
