"""F.hstack."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.hstack import hstack
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [
                [(), ()],
                [(2,), (3,), (1,)],
                [(2, 3), (2, 1)],
                [(2, 3, 4), (2, 1, 4)],
                [(3, 2)],
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestHstack(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (hstack(inputs),)

    def forward_expected(self, inputs):
        if inputs[0].ndim <= 1:
            return (numpy.array([v for x in inputs for v in x.reshape(-1)], self.dtype),)
        # Column blocks side by side along axis 1.
        columns = [x[:, j] for x in inputs for j in range(x.shape[1])]
        return (numpy.stack(columns, axis=1),)


def test_ndim_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        hstack([numpy.ones((2, 2), numpy.float32), numpy.ones((2,), numpy.float32)])
    message = str(info.value)
    assert "Invalid operation is performed in: Hstack (Forward)" in message
    assert "x0.ndim == x1.ndim" in message


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        hstack([numpy.ones((2,), numpy.float32), numpy.ones((2,), numpy.float16)])
    assert "x0.dtype == x1.dtype" in str(info.value)


def test_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        hstack([numpy.ones((2, 2), numpy.float32), numpy.ones((3, 2), numpy.float32)])
    assert "x0.shape[0] == x1.shape[0]" in str(info.value)


def test_empty_list():
    with pytest.raises(ValueError, match="hstack"):
        hstack([])
