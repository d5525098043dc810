"""F.batch_l2_norm_squared."""

import numpy
import pytest

from chainer import testing
from chainer.functions.math.batch_l2_norm_squared import batch_l2_norm_squared
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4), (2, 1)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBatchL2NormSquared(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (batch_l2_norm_squared(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        expected = numpy.linalg.norm(x.reshape(len(x), -1), axis=1) ** 2
        return (expected.astype(self.dtype),)


def test_one_dimensional_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        batch_l2_norm_squared(numpy.ones(3, numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: BatchL2NormSquared (Forward)" in message
    assert "Expect: x.ndim >= 2" in message


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="x.dtype.kind == 'f'|x.dtype.kind == f"):
        batch_l2_norm_squared(numpy.ones((2, 2), numpy.int32))
