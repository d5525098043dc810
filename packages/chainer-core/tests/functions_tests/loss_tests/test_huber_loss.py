"""F.huber_loss."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.huber_loss import huber_loss
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(4, 3), (2, 3, 2)],
            "delta": [0.5, 1],
            "reduce": ["sum_along_second_axis", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestHuberLoss(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-3, "rtol": 2e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        x = numpy.random.uniform(-2, 2, self.shape).astype(self.dtype)
        t = numpy.random.uniform(-2, 2, self.shape).astype(self.dtype)
        return x, t

    def forward(self, inputs, device):
        return (huber_loss(*inputs, self.delta, reduce=self.reduce),)

    def forward_expected(self, inputs):
        x, t = (a.astype(numpy.float64) for a in inputs)
        d = x - t
        loss = numpy.empty_like(d)
        for idx in numpy.ndindex(d.shape):
            a = abs(d[idx])
            loss[idx] = 0.5 * a * a if a <= self.delta else self.delta * (a - 0.5 * self.delta)
        if self.reduce == "sum_along_second_axis":
            loss = loss.sum(axis=1)
        return (loss.astype(self.dtype),)


def test_one_dimensional_input_needs_reduce_no():
    x = numpy.zeros(3, numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        huber_loss(x, x, 1.0)
    assert "x.ndim >= 2" in str(info.value)
    assert huber_loss(x, x, 1.0, reduce="no").shape == (3,)


def test_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        huber_loss(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 2), numpy.float32), 1.0)
    message = str(info.value)
    assert "Invalid operation is performed in: HuberLoss (Forward)" in message
    assert "t.shape == x.shape" in message


@pytest.mark.parametrize(
    "delta, reduce, error, match",
    [
        (0, "no", ValueError, "delta must be positive"),
        (-1.0, "no", ValueError, "delta must be positive"),
        ("1", "no", TypeError, "delta must be a real number"),
        (1.0, "mean", ValueError, "reduce must be 'sum_along_second_axis' or 'no'"),
    ],
)
def test_bad_arguments(delta, reduce, error, match):
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(error, match=match):
        huber_loss(x, x, delta, reduce=reduce)
