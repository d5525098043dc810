"""F.vstack."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.vstack import vstack
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [
                [(2, 3), (1, 3), (3, 3)],
                [(2, 3, 2), (1, 3, 2)],
                [(3,), (3,), (3,)],
                [(), ()],
                [(2, 3)],
                [(3,)],
            ],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shapes": [[(2, 3), (1, 3)], [(3,), (3,)]],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestVstack(testing.FunctionTestCase):
    def setUp(self):
        tol = 1e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_forward_options = {"atol": 0, "rtol": 0}
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in self.shapes)

    def forward(self, inputs, device):
        return (vstack(list(inputs)),)

    def forward_expected(self, inputs):
        # Inputs of ndim <= 1 are rows; others are joined along axis 0.
        rows = [x.reshape(1, -1) if x.ndim <= 1 else x for x in inputs]
        return (numpy.concatenate(rows, axis=0),)


def test_trailing_shape_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        vstack([numpy.zeros((2, 3), numpy.float32), numpy.zeros((2, 2), numpy.float32)])
    assert "Invalid operation is performed in: Vstack (Forward)" in str(info.value)
    assert "xs[0].shape[1:] == xs[1].shape[1:]" in str(info.value)


def test_vector_length_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        vstack([numpy.zeros(3, numpy.float32), numpy.zeros(2, numpy.float32)])
    assert "xs[0].shape == xs[1].shape" in str(info.value)


def test_ndim_and_dtype_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        vstack([numpy.zeros((1, 3), numpy.float32), numpy.zeros(3, numpy.float32)])
    assert "xs[0].ndim == xs[1].ndim" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        vstack([numpy.zeros(3, numpy.float32), numpy.zeros(3, numpy.float16)])
    assert "xs[0].dtype == xs[1].dtype" in str(info.value)


def test_empty_list():
    with pytest.raises(type_check.InvalidType):
        vstack([])
