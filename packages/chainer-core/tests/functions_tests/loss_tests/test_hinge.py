"""F.hinge."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.hinge import hinge
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(5, 3), (1, 4)],
            "norm": ["L1", "L2"],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestHinge(testing.FunctionTestCase):
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
        t = numpy.random.randint(0, self.shape[1], self.shape[0]).astype(numpy.int32)
        return x, t

    def forward(self, inputs, device):
        return (hinge(*inputs, norm=self.norm, reduce=self.reduce),)

    def forward_expected(self, inputs):
        x, t = inputs
        x = x.astype(numpy.float64)
        loss = numpy.empty_like(x)
        for i in range(x.shape[0]):
            for j in range(x.shape[1]):
                s = -1.0 if j == t[i] else 1.0
                loss[i, j] = max(0.0, 1.0 + s * x[i, j])
        if self.norm == "L2":
            loss = loss**2
        if self.reduce == "mean":
            loss = numpy.asarray(loss.sum() / x.shape[0])
        return (loss.astype(self.dtype),)


@pytest.mark.parametrize("t", [[0, 3], [-1, 0]])
def test_label_out_of_range(t):
    with pytest.raises(ValueError, match=r"0 <= t < x.shape\[1\] = 3"):
        hinge(numpy.zeros((2, 3), numpy.float32), numpy.array(t, numpy.int32))


def test_bad_shapes():
    with pytest.raises(type_check.InvalidType) as info:
        hinge(numpy.zeros((2, 3, 1), numpy.float32), numpy.zeros(2, numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: Hinge (Forward)" in message
    assert "x.ndim == 2" in message
    with pytest.raises(type_check.InvalidType) as info:
        hinge(numpy.zeros((2, 3), numpy.float32), numpy.zeros(3, numpy.int32))
    assert "x.shape[0] == t.shape[0]" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, match",
    [({"norm": "L3"}, "norm must be 'L1' or 'L2'"), ({"reduce": "sum"}, "reduce must be")],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        hinge(numpy.zeros((2, 3), numpy.float32), numpy.zeros(2, numpy.int32), **kwargs)
