"""F.deformable_convolution_2d_sampler."""

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.deformable_convolution_2d_sampler import (
    deformable_convolution_2d_sampler,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _pair(v):
    return (v, v) if isinstance(v, int) else v


def _bilinear_read(img, y, x):
    """``img (C, H, W)`` at the real point ``(y, x)``, zero outside."""
    h, w = img.shape[1:]
    y0, x0 = int(numpy.floor(y)), int(numpy.floor(x))
    value = numpy.zeros(img.shape[0])
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < h and 0 <= xx < w:
                value += wy * wx * img[:, yy, xx]
    return value


def _reference(x, offset, W, b, stride, pad):
    sy, sx = _pair(stride)
    ph, pw = _pair(pad)
    n = x.shape[0]
    out_c, c, kh, kw = W.shape
    out_h, out_w = offset.shape[2:]
    x_pad = numpy.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    y = numpy.zeros((n, out_c, out_h, out_w))
    for m in range(n):
        for i in range(out_h):
            for j in range(out_w):
                for a in range(kh):
                    for bb in range(kw):
                        k = a * kw + bb
                        row = i * sy + a + offset[m, kh * kw + k, i, j]
                        col = j * sx + bb + offset[m, k, i, j]
                        sample = _bilinear_read(x_pad[m], row, col)
                        y[m, :, i, j] += W[:, :, a, bb] @ sample
    if b is not None:
        y += b[None, :, None, None]
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            # (x shape, W shape, stride, pad)
            "config": [
                ((2, 2, 4, 3), (2, 2, 2, 2), (1, 2), (1, 0)),
                ((1, 3, 3, 4), (2, 3, 3, 1), 1, 0),
            ],
            "bias": [True, False],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestDeformableConvolution2DSampler(testing.FunctionTestCase):
    def setUp(self):
        self.x_shape, self.w_shape, self.stride, self.pad = self.config
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-2, "rtol": 2e-2}
            self.check_backward_options = {"atol": 1e-1, "rtol": 1e-1}
            self.check_double_backward_options = {"atol": 1e-1, "rtol": 1e-1}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-10, "rtol": 1e-10}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_inputs(self):
        n, _, h, w = self.x_shape
        out_c, _, kh, kw = self.w_shape
        sy, sx = _pair(self.stride)
        ph, pw = _pair(self.pad)
        out_h = (h + 2 * ph - kh) // sy + 1
        out_w = (w + 2 * pw - kw) // sx + 1
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        # Sample points on a pixel row or column are kinks of bilinear interpolation:
        # offsets keep at least 0.1 pixel away from integers. Up to 1.9 pixels, so
        # that some points fall outside the image.
        offset_shape = (n, 2 * kh * kw, out_h, out_w)
        offset = numpy.random.randint(-2, 2, offset_shape) + numpy.random.uniform(
            0.1, 0.9, offset_shape
        )
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        inputs = (x, offset.astype(self.dtype), W)
        if self.bias:
            inputs += (numpy.random.uniform(-1, 1, out_c).astype(self.dtype),)
        return inputs

    def forward(self, inputs, device):
        b = inputs[3] if self.bias else None
        return (
            deformable_convolution_2d_sampler(
                inputs[0], inputs[1], inputs[2], b, stride=self.stride, pad=self.pad
            ),
        )

    def forward_expected(self, inputs):
        x, offset, W = (a.astype(numpy.float64) for a in inputs[:3])
        b = inputs[3].astype(numpy.float64) if self.bias else None
        return (_reference(x, offset, W, b, self.stride, self.pad).astype(self.dtype),)


def test_zero_offsets_are_a_convolution():
    x = numpy.random.uniform(-1, 1, (2, 3, 5, 4))
    W = numpy.random.uniform(-1, 1, (4, 3, 3, 2))
    b = numpy.random.uniform(-1, 1, 4)
    offset = numpy.zeros((2, 12, 3, 5))
    y = deformable_convolution_2d_sampler(x, offset, W, b, stride=(2, 1), pad=1).array
    x_pad = numpy.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    expected = numpy.empty_like(y)
    for i in range(3):
        for j in range(5):
            patch = x_pad[:, :, 2 * i : 2 * i + 3, j : j + 2]
            expected[:, :, i, j] = numpy.tensordot(patch, W, ((1, 2, 3), (1, 2, 3))) + b
    numpy.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)


def test_one_pixel_input():
    # A padded size of one pixel still samples correctly (zero outside).
    x = numpy.full((1, 1, 1, 1), 2.0)
    W = numpy.ones((1, 1, 1, 1))
    offset = numpy.array([0.25, 0.5]).reshape(1, 2, 1, 1)
    y = deformable_convolution_2d_sampler(x, offset, W).array
    numpy.testing.assert_allclose(y.ravel(), [2.0 * 0.75 * 0.5])


def _zeros(*shape, dtype=numpy.float32):
    return numpy.zeros(shape, dtype)


def test_offset_channels_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        deformable_convolution_2d_sampler(
            _zeros(1, 2, 4, 4), _zeros(1, 9, 2, 2), _zeros(3, 2, 3, 3)
        )
    message = str(info.value)
    assert "Invalid operation is performed in: deformable_convolution_2d_sampler" in message
    assert "offset.shape[1] == 2 * W.shape[2] * W.shape[3]" in message


def test_offset_size_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        deformable_convolution_2d_sampler(
            _zeros(1, 2, 4, 4), _zeros(1, 18, 3, 3), _zeros(3, 2, 3, 3)
        )
    message = str(info.value)
    assert "offset.shape[2:] == the convolution's output size" in message
    assert "give (2, 2); offset.shape == (1, 18, 3, 3)" in message


def test_channel_mismatch():
    with pytest.raises(type_check.InvalidType, match=r"W.shape\[1\] == x.shape\[1\]"):
        deformable_convolution_2d_sampler(
            _zeros(1, 2, 4, 4), _zeros(1, 18, 2, 2), _zeros(3, 3, 3, 3)
        )


def test_bias_mismatch():
    with pytest.raises(type_check.InvalidType, match=r"b.shape\[0\] == W.shape\[0\]"):
        deformable_convolution_2d_sampler(
            _zeros(1, 2, 4, 4), _zeros(1, 18, 2, 2), _zeros(3, 2, 3, 3), _zeros(2)
        )


def test_dtype_mismatch():
    with pytest.raises(type_check.InvalidType, match="offset.dtype == x.dtype"):
        deformable_convolution_2d_sampler(
            _zeros(1, 2, 4, 4), _zeros(1, 18, 2, 2, dtype=numpy.float64), _zeros(3, 2, 3, 3)
        )


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"stride": 0}, ValueError, "stride must be at least 1"),
        ({"pad": -1}, ValueError, "pad must be at least 0"),
        ({"pad": "same"}, TypeError, "pad must be an int or a pair of ints"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        deformable_convolution_2d_sampler(
            _zeros(1, 2, 4, 4), _zeros(1, 18, 2, 2), _zeros(3, 2, 3, 3), **kwargs
        )
