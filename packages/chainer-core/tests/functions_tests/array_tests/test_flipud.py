"""F.flipud."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.flipud import flipud
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3,), (3, 2), (2, 3, 4)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFlipUD(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (flipud(inputs[0]),)

    def forward_expected(self, inputs):
        return (inputs[0][::-1].copy(),)


def test_needs_one_dimension():
    with pytest.raises(type_check.InvalidType) as info:
        flipud(numpy.ones((), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: FlipUD (Forward)" in message
    assert "a.ndim >= 1" in message
