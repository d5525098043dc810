"""F.dstack."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.dstack import dstack
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _as_3d(x):
    if x.ndim == 0:
        return x.reshape(1, 1, 1)
    if x.ndim == 1:
        return x.reshape(1, -1, 1)
    if x.ndim == 2:
        return x.reshape(x.shape + (1,))
    return x


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [
                [(), ()],
                [(3,), (3,), (3,)],
                [(2, 3), (2, 3)],
                [(2, 3, 1), (2, 3, 4)],
                [(2, 3, 1, 2), (2, 3, 2, 2)],
                [(2, 3, 2)],
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDstack(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-6
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (dstack(inputs),)

    def forward_expected(self, inputs):
        planes = [_as_3d(x)[:, :, k] for x in inputs for k in range(_as_3d(x).shape[2])]
        return (numpy.stack(planes, axis=2),)


def test_low_ndim_shapes_must_match():
    with pytest.raises(type_check.InvalidType) as info:
        dstack([numpy.ones((2, 3), numpy.float32), numpy.ones((2, 4), numpy.float32)])
    message = str(info.value)
    assert "Invalid operation is performed in: Dstack (Forward)" in message
    assert "x0.shape == x1.shape" in message


def test_shape_mismatch_off_axis():
    with pytest.raises(type_check.InvalidType) as info:
        dstack([numpy.ones((2, 3, 1), numpy.float32), numpy.ones((2, 4, 1), numpy.float32)])
    assert "x0.shape[1] == x1.shape[1]" in str(info.value)


def test_ndim_and_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        dstack([numpy.ones((2, 3, 1), numpy.float32), numpy.ones((2, 3), numpy.float32)])
    assert "x0.ndim == x1.ndim" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        dstack([numpy.ones((2, 3, 1), numpy.float32), numpy.ones((2, 3, 1), numpy.float64)])
    assert "x0.dtype == x1.dtype" in str(info.value)
