"""F.fliplr."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.fliplr import fliplr
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFlipLR(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (fliplr(inputs[0]),)

    def forward_expected(self, inputs):
        return (inputs[0][:, ::-1].copy(),)


@pytest.mark.parametrize("shape", [(3,), ()])
def test_needs_two_dimensions(shape):
    with pytest.raises(type_check.InvalidType) as info:
        fliplr(numpy.ones(shape, numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: FlipLR (Forward)" in message
    assert "a.ndim >= 2" in message
