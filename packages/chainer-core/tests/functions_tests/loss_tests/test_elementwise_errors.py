"""F.mean_squared_error, F.mean_absolute_error, F.squared_error and F.absolute_error."""

import numpy
import pytest

from chainer import testing
from chainer.functions.loss.absolute_error import absolute_error
from chainer.functions.loss.mean_absolute_error import mean_absolute_error
from chainer.functions.loss.mean_squared_error import mean_squared_error
from chainer.functions.loss.squared_error import squared_error
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# name -> (op, reference on float64 arrays, has a kink at x0 == x1)
_OPS = {
    "mean_squared_error": (mean_squared_error, lambda d: numpy.mean(d * d), False),
    "mean_absolute_error": (mean_absolute_error, lambda d: numpy.mean(numpy.abs(d)), True),
    "squared_error": (squared_error, lambda d: d * d, False),
    "absolute_error": (absolute_error, numpy.abs, True),
}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "op": sorted(_OPS),
            "shape": [(4, 3), (2, 3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestElementwiseErrors(testing.FunctionTestCase):
    def setUp(self):
        self.func, self.reference, self.dodge_nondifferentiable = _OPS[self.op]
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
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
        return x0, x1

    def forward(self, inputs, device):
        return (self.func(*inputs),)

    def forward_expected(self, inputs):
        x0, x1 = (x.astype(numpy.float64) for x in inputs)
        return (numpy.asarray(self.reference(x0 - x1)).astype(self.dtype),)


@pytest.mark.parametrize("name", sorted(_OPS))
def test_float16_accumulates_in_float32(name):
    func = _OPS[name][0]
    # 4096 ones: a float16 running sum would stall at 2048.
    x0 = numpy.ones(4096, numpy.float16)
    x1 = numpy.zeros(4096, numpy.float16)
    y = func(x0, x1)
    assert y.dtype == numpy.float16
    if name.startswith("mean"):
        assert y.array == 1


@pytest.mark.parametrize("name", sorted(_OPS))
def test_shape_mismatch(name):
    with pytest.raises(type_check.InvalidType) as info:
        _OPS[name][0](numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 2), numpy.float32))
    assert "x1.shape == x0.shape" in str(info.value)


@pytest.mark.parametrize("name", sorted(_OPS))
def test_dtype_mismatch(name):
    with pytest.raises(type_check.InvalidType) as info:
        _OPS[name][0](numpy.zeros(2, numpy.float32), numpy.zeros(2, numpy.float64))
    assert "x1.dtype == x0.dtype" in str(info.value)


@pytest.mark.parametrize("name", sorted(_OPS))
def test_int_inputs(name):
    with pytest.raises(type_check.InvalidType) as info:
        _OPS[name][0](numpy.zeros(2, numpy.int32), numpy.zeros(2, numpy.int32))
    assert "x0.dtype.kind == f" in str(info.value).replace("'", "")
