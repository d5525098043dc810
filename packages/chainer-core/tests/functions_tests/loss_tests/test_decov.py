"""F.decov."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.decov import decov
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(4, 3), (3, 1)],
            "reduce": ["half_squared_sum", "no"],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDeCov(testing.FunctionTestCase):
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
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (decov(inputs[0], reduce=self.reduce),)

    def forward_expected(self, inputs):
        h = inputs[0].astype(numpy.float64)
        # numpy.cov with bias=True divides by N, as DeCov does.
        cov = numpy.atleast_2d(numpy.cov(h, rowvar=False, bias=True))
        if self.reduce == "half_squared_sum":
            off = cov - numpy.diag(numpy.diag(cov))
            cov = numpy.asarray(0.5 * (off**2).sum())
        return (cov.astype(self.dtype),)


def test_bad_inputs():
    with pytest.raises(type_check.InvalidType) as info:
        decov(numpy.zeros(3, numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: DeCov (Forward)" in message
    assert "h.ndim == 2" in message
    with pytest.raises(type_check.InvalidType) as info:
        decov(numpy.zeros((2, 3), numpy.int32))
    assert "h.dtype.kind == f" in str(info.value).replace("'", "")
    with pytest.raises(ValueError, match="reduce must be 'half_squared_sum' or 'no', not 'mean'"):
        decov(numpy.zeros((2, 3), numpy.float32), reduce="mean")
