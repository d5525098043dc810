"""F.cross_covariance."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.cross_covariance import cross_covariance
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((4, 3), (4, 2)), ((2, 1), (2, 3))],
            "reduce": ["half_squared_sum", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCrossCovariance(testing.FunctionTestCase):
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
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (cross_covariance(*inputs, reduce=self.reduce),)

    def forward_expected(self, inputs):
        y, z = (a.astype(numpy.float64) for a in inputs)
        m, k = y.shape[1], z.shape[1]
        cov = numpy.empty((m, k))
        for i in range(m):
            for j in range(k):
                cov[i, j] = numpy.mean((y[:, i] - y[:, i].mean()) * (z[:, j] - z[:, j].mean()))
        if self.reduce == "half_squared_sum":
            cov = numpy.asarray(0.5 * (cov**2).sum())
        return (cov.astype(self.dtype),)


def test_bad_inputs():
    with pytest.raises(type_check.InvalidType) as info:
        cross_covariance(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 3), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: CrossCovariance (Forward)" in message
    assert "y.shape[0] == z.shape[0]" in message
    with pytest.raises(type_check.InvalidType) as info:
        cross_covariance(numpy.zeros((2, 3), numpy.float32), numpy.zeros((2, 3), numpy.float64))
    assert "y.dtype == z.dtype" in str(info.value)
    with pytest.raises(ValueError, match="reduce must be 'half_squared_sum' or 'no', not 'mean'"):
        x = numpy.zeros((2, 3), numpy.float32)
        cross_covariance(x, x, reduce="mean")
