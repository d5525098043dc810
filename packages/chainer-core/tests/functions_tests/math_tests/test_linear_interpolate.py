"""F.linear_interpolate."""

import numpy
import pytest

from chainer import testing
from chainer.functions.math.linear_interpolate import linear_interpolate
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLinearInterpolate(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
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
        p = numpy.random.uniform(0, 1, self.shape).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        y = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return p, x, y

    def forward(self, inputs, device):
        return (linear_interpolate(*inputs),)

    def forward_expected(self, inputs):
        p, x, y = (v.astype(numpy.float64) for v in inputs)
        return (numpy.asarray(p * x + (1 - p) * y).astype(self.dtype),)


@pytest.mark.parametrize(
    "shapes, dtypes, expect",
    [
        (((3,), (3,), (4,)), ("f", "f", "f"), "x.shape == y.shape"),
        (((2,), (3,), (3,)), ("f", "f", "f"), "p.shape == x.shape"),
        (((3,), (3,), (3,)), ("f", "d", "d"), "p.dtype == x.dtype"),
        (((3,), (3,), (3,)), ("i", "i", "i"), "p.dtype.kind == f"),
    ],
)
def test_bad_inputs(shapes, dtypes, expect):
    arrays = [numpy.ones(s, d) for s, d in zip(shapes, dtypes)]
    with pytest.raises(type_check.InvalidType) as info:
        linear_interpolate(*arrays)
    message = str(info.value).replace("'", "")
    assert "Invalid operation is performed in: LinearInterpolate (Forward)" in message
    assert f"Expect: {expect}" in message
