"""F.depthwise_convolution_2d."""

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.depthwise_convolution_2d import depthwise_convolution_2d
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def naive_depthwise_convolution_2d(x, W, b, stride, pad):
    """Output channel ``c * c_M + m`` is input channel ``c`` convolved with ``W[m, c]``; float64."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    sy, sx = stride if isinstance(stride, tuple) else (stride, stride)
    ph, pw = pad if isinstance(pad, tuple) else (pad, pad)
    n, c, h, w = x.shape
    c_m, _, kh, kw = W.shape
    out_h = (h + 2 * ph - kh) // sy + 1
    out_w = (w + 2 * pw - kw) // sx + 1
    img = numpy.zeros((n, c, h + 2 * ph, w + 2 * pw))
    img[:, :, ph : ph + h, pw : pw + w] = x
    y = numpy.zeros((n, c * c_m, out_h, out_w))
    for ch in range(c):
        for m in range(c_m):
            for i in range(out_h):
                for j in range(out_w):
                    window = img[:, ch, i * sy : i * sy + kh, j * sx : j * sx + kw]
                    y[:, ch * c_m + m, i, j] = (window * W[m, ch]).sum(axis=(1, 2))
    if b is not None:
        y += b.astype(numpy.float64)[None, :, None, None]
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        [
            {"w_shape": (2, 3, 3, 3), "stride": 1, "pad": 1, "nobias": False},
            {"w_shape": (1, 3, 2, 3), "stride": (2, 1), "pad": (0, 1), "nobias": True},
        ],
        testing.product(
            {"dtype": [numpy.float16, numpy.float32, numpy.float64], "contiguous": [None, "C"]}
        ),
    )
)
@testing.fix_random()
class TestDepthwiseConvolution2D(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 3, 5, 4)).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        c_out = self.w_shape[0] * self.w_shape[1]
        return x, W, numpy.random.uniform(-1, 1, c_out).astype(self.dtype)

    def forward(self, inputs, device):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return (depthwise_convolution_2d(x, W, b, self.stride, self.pad),)

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        y = naive_depthwise_convolution_2d(x, W, b, self.stride, self.pad)
        return (y.astype(self.dtype),)


def _x(*shape):
    return numpy.zeros(shape, numpy.float32)


def test_channel_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        depthwise_convolution_2d(_x(1, 3, 5, 5), _x(2, 4, 3, 3))
    message = str(info.value)
    assert "Invalid operation is performed in: DepthwiseConvolution2D (Forward)" in message
    assert "x.shape[1] == W.shape[1]" in message


def test_bias_is_one_per_output_channel():
    with pytest.raises(type_check.InvalidType) as info:
        depthwise_convolution_2d(_x(1, 3, 5, 5), _x(2, 3, 3, 3), _x(3))
    assert "b.shape[0] == W.shape[0] * W.shape[1]" in str(info.value)


def test_pad_must_be_non_negative():
    with pytest.raises(ValueError) as info:
        depthwise_convolution_2d(_x(1, 3, 5, 5), _x(2, 3, 3, 3), pad=-1)
    assert "depthwise_convolution_2d: pad must be at least 0" in str(info.value)
