"""F.triplet."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.triplet import triplet
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(5, 3), (1, 2)],
            "margin": [0.2, 1],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestTriplet(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
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
        return tuple(numpy.random.uniform(-1, 1, self.shape).astype(self.dtype) for _ in range(3))

    def forward(self, inputs, device):
        return (triplet(*inputs, margin=self.margin, reduce=self.reduce),)

    def forward_expected(self, inputs):
        a, p, n = (x.astype(numpy.float64) for x in inputs)
        loss = numpy.array(
            [
                max(numpy.sum((a[i] - p[i]) ** 2) - numpy.sum((a[i] - n[i]) ** 2) + self.margin, 0)
                for i in range(len(a))
            ]
        )
        if self.reduce == "mean":
            loss = numpy.asarray(loss.mean())
        return (loss.astype(self.dtype),)


def test_bad_shapes():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        triplet(x, x, numpy.zeros((2, 2), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: Triplet (Forward)" in message
    assert "negative.shape == anchor.shape" in message
    with pytest.raises(type_check.InvalidType) as info:
        triplet(*[numpy.zeros(3, numpy.float32)] * 3)
    assert "anchor.ndim == 2" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        triplet(*[numpy.zeros((0, 3), numpy.float32)] * 3)
    assert "anchor.shape[0] > 0" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"margin": -0.1}, ValueError, "margin must be positive"),
        ({"margin": "1"}, TypeError, "margin must be a real number"),
        ({"reduce": "sum"}, ValueError, "reduce must be 'mean' or 'no'"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(error, match=match):
        triplet(x, x, x, **kwargs)
