"""F.local_convolution_2d and its replaceable nodes."""

import numpy
import pytest

import chainer
from chainer import _kernels, testing
from chainer.functions.connection.local_convolution_2d import (
    LocalConvolution2DFunction,
    LocalConvolution2DGradData,
    LocalConvolution2DGradWeight,
    local_convolution_2d,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _out_size(size, k, s):
    return (size - k) // s + 1


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (x shape, (kh, kw), stride)
            "geometry": [((2, 3, 4, 5), (2, 3), 1), ((1, 2, 5, 4), (2, 2), (2, 1))],
            "bias": [True, False],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLocalConvolution2D(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        self.x_shape, (self.kh, self.kw), stride = self.geometry
        self.stride = stride
        self.sy, self.sx = (stride, stride) if isinstance(stride, int) else stride
        self.out_h = _out_size(self.x_shape[2], self.kh, self.sy)
        self.out_w = _out_size(self.x_shape[3], self.kw, self.sx)

    def generate_inputs(self):
        c = self.x_shape[1]
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        w_shape = (2, self.out_h, self.out_w, c, self.kh, self.kw)
        W = numpy.random.uniform(-1, 1, w_shape).astype(self.dtype)
        if not self.bias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, (2, self.out_h, self.out_w)).astype(self.dtype)

    def forward(self, inputs, device):
        return (local_convolution_2d(*inputs, stride=self.stride),)

    def forward_expected(self, inputs):
        x, W = (a.astype(numpy.float64) for a in inputs[:2])
        n = x.shape[0]
        o = W.shape[0]
        y = numpy.zeros((n, o, self.out_h, self.out_w))
        for b in range(n):
            for k in range(o):
                for i in range(self.out_h):
                    for j in range(self.out_w):
                        top, left = i * self.sy, j * self.sx
                        patch = x[b, :, top : top + self.kh, left : left + self.kw]
                        y[b, k, i, j] = (patch * W[k, i, j]).sum()
        if self.bias:
            y += inputs[2]
        return (y.astype(self.dtype),)


def test_each_product_is_a_replaceable_node():
    x = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3, 4, 4)).astype(numpy.float32))
    W = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3, 3, 3, 2, 2)).astype(numpy.float32))
    y = local_convolution_2d(x, W)
    y.grad = numpy.ones_like(y.array)
    y.backward()
    gx, gW = x.grad.copy(), W.grad.copy()

    def doubled(node, inputs):
        return tuple(2 * a for a in node.forward(inputs))

    for cls, check in [
        (LocalConvolution2DFunction, lambda y2: numpy.allclose(y2.array, 2 * y.array)),
        (LocalConvolution2DGradData, lambda y2: numpy.allclose(x.grad, 2 * gx)),
        (LocalConvolution2DGradWeight, lambda y2: numpy.allclose(W.grad, 2 * gW)),
    ]:
        kernel = _kernels.register_kernel(cls, "cpu", doubled)
        try:
            x.cleargrad()
            W.cleargrad()
            y2 = local_convolution_2d(x, W)
            y2.grad = numpy.ones_like(y2.array)
            y2.backward()
            assert check(y2), cls
        finally:
            _kernels.unregister_kernel(kernel)


def _zeros(*shape, dtype=numpy.float32):
    return numpy.zeros(shape, dtype)


def test_output_size_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        local_convolution_2d(_zeros(1, 2, 4, 4), _zeros(3, 2, 3, 2, 2, 2))
    message = str(info.value)
    assert "Invalid operation is performed in: LocalConvolution2DFunction (Forward)" in message
    assert "W.shape[1:3] == the output size" in message
    assert "give an output of 3 x 3" in message


def test_channel_mismatch():
    with pytest.raises(type_check.InvalidType, match=r"x.shape\[1\] == W.shape\[3\]"):
        local_convolution_2d(_zeros(1, 2, 4, 4), _zeros(3, 3, 3, 3, 2, 2))


def test_bias_shape_mismatch():
    with pytest.raises(type_check.InvalidType, match=r"b.shape\[1\] == W.shape\[1\]"):
        local_convolution_2d(_zeros(1, 2, 4, 4), _zeros(3, 3, 3, 2, 2, 2), _zeros(3, 2, 3))


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType, match="W.dtype == x.dtype"):
        local_convolution_2d(_zeros(1, 2, 4, 4), _zeros(3, 3, 3, 2, 2, 2, dtype=numpy.float64))


@pytest.mark.parametrize(
    "stride, error, match",
    [(0, ValueError, "stride must be at least 1"), ((1, 2, 3), TypeError, "stride must be")],
)
def test_bad_stride(stride, error, match):
    with pytest.raises(error, match=match):
        local_convolution_2d(_zeros(1, 2, 4, 4), _zeros(3, 3, 3, 2, 2, 2), stride=stride)
