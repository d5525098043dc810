"""F.contrastive."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.contrastive import contrastive
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(5, 3), (1, 2)],
            "margin": [1, 2.5],
            "reduce": ["mean", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestContrastive(testing.FunctionTestCase):
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
        x0 = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        x1 = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        y = numpy.random.randint(0, 2, self.shape[0]).astype(numpy.int32)
        return x0, x1, y

    def forward(self, inputs, device):
        return (contrastive(*inputs, margin=self.margin, reduce=self.reduce),)

    def forward_expected(self, inputs):
        x0, x1, y = inputs
        loss = numpy.empty(len(y))
        for i in range(len(y)):
            d = numpy.linalg.norm(x0[i].astype(numpy.float64) - x1[i])
            if y[i] == 1:
                loss[i] = d * d / 2
            else:
                loss[i] = max(self.margin - d, 0) ** 2 / 2
        if self.reduce == "mean":
            loss = numpy.asarray(loss.mean())
        return (loss.astype(self.dtype),)


def test_bad_shapes():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        contrastive(x, x, numpy.zeros(3, numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: Contrastive (Forward)" in message
    assert "x0.shape[0] == y.shape[0]" in message
    with pytest.raises(type_check.InvalidType) as info:
        contrastive(x, x, numpy.zeros(2, numpy.float32))
    assert "y.dtype.kind == i" in str(info.value).replace("'", "")
    with pytest.raises(type_check.InvalidType) as info:
        contrastive(x, numpy.zeros((2, 2), numpy.float32), numpy.zeros(2, numpy.int32))
    assert "x0.shape == x1.shape" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"margin": 0}, ValueError, "margin must be positive"),
        ({"margin": None}, TypeError, "margin must be a real number"),
        ({"reduce": "sum"}, ValueError, "reduce must be 'mean' or 'no'"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(error, match=match):
        contrastive(x, x, numpy.zeros(2, numpy.int32), **kwargs)
