"""F.bilinear."""

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.bilinear import bilinear
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (e1 shape, e2 shape, W shape)
            "shapes": [((3, 2), (3, 4), (2, 4, 3)), ((2, 3, 1), (2, 2), (3, 2, 2))],
            "linear_terms": [True, False],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBilinear(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        e1_shape, e2_shape, w_shape = self.shapes
        shapes = [e1_shape, e2_shape, w_shape]
        if self.linear_terms:
            j, k, l_out = w_shape
            shapes += [(j, l_out), (k, l_out), (l_out,)]
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in shapes)

    def forward(self, inputs, device):
        return (bilinear(*inputs),)

    def forward_expected(self, inputs):
        e1, e2, W = (a.astype(numpy.float64) for a in inputs[:3])
        n = e1.shape[0]
        e1 = e1.reshape(n, -1)
        e2 = e2.reshape(n, -1)
        y = numpy.zeros((n, W.shape[2]))
        for i in range(n):
            for j in range(W.shape[0]):
                for k in range(W.shape[1]):
                    y[i] += e1[i, j] * e2[i, k] * W[j, k]
        if self.linear_terms:
            V1, V2, b = (a.astype(numpy.float64) for a in inputs[3:])
            y += e1 @ V1 + e2 @ V2 + b
        return (y.astype(self.dtype),)


def _arrays(*shapes, dtype=numpy.float32):
    return [numpy.zeros(s, dtype) for s in shapes]


def test_partial_linear_terms():
    e1, e2, W, V1 = _arrays((2, 3), (2, 4), (3, 4, 5), (3, 5))
    with pytest.raises(ValueError, match="V1, V2 and b must be given together.*missing V2, b"):
        bilinear(e1, e2, W, V1)


def test_w_shape_mismatch():
    e1, e2, W = _arrays((2, 3), (2, 4), (3, 5, 5))
    with pytest.raises(type_check.InvalidType) as info:
        bilinear(e1, e2, W)
    message = str(info.value)
    assert "Invalid operation is performed in: BilinearFunction (Forward)" in message
    assert "prod(e2.shape[1:]) == W.shape[1]" in message


def test_batch_mismatch():
    e1, e2, W = _arrays((2, 3), (3, 4), (3, 4, 5))
    with pytest.raises(type_check.InvalidType, match=r"e1.shape\[0\] == e2.shape\[0\]"):
        bilinear(e1, e2, W)


def test_linear_term_shape_mismatch():
    e1, e2, W, V1, V2, b = _arrays((2, 3), (2, 4), (3, 4, 5), (3, 5), (3, 5), (5,))
    with pytest.raises(type_check.InvalidType, match=r"V2.shape\[0\] == W.shape\[1\]"):
        bilinear(e1, e2, W, V1, V2, b)


def test_dtype_mismatch():
    e1, W = _arrays((2, 3), (3, 4, 5))
    e2 = numpy.zeros((2, 4), numpy.float64)
    with pytest.raises(type_check.InvalidType, match="e2.dtype == e1.dtype"):
        bilinear(e1, e2, W)
