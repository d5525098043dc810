"""F.resize_images (bilinear and nearest, with and without align_corners)."""

import math

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.resize_images import resize_images
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _source(k, in_size, out_size, mode, align_corners):
    """Where output index k samples the input along one axis (Chainer v7's documented rule)."""
    if mode == "nearest":
        return float(min(math.floor(k * in_size / out_size), in_size - 1))
    if align_corners:
        return 0.0 if out_size == 1 else k * (in_size - 1) / (out_size - 1)
    return max((k + 0.5) * in_size / out_size - 0.5, 0.0)


def _reference(x, out_shape, mode, align_corners):
    n, c, h, w = x.shape
    out_h, out_w = out_shape
    y = numpy.empty((n, c, out_h, out_w))
    xd = x.astype(numpy.float64)
    for i in range(out_h):
        v = _source(i, h, out_h, mode, align_corners)
        v0 = int(math.floor(v))
        v1, dv = min(v0 + 1, h - 1), v - v0
        for j in range(out_w):
            u = _source(j, w, out_w, mode, align_corners)
            u0 = int(math.floor(u))
            u1, du = min(u0 + 1, w - 1), u - u0
            y[:, :, i, j] = (
                (1 - dv) * (1 - du) * xd[:, :, v0, u0]
                + (1 - dv) * du * xd[:, :, v0, u1]
                + dv * (1 - du) * xd[:, :, v1, u0]
                + dv * du * xd[:, :, v1, u1]
            )
    return y.astype(x.dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((1, 2, 3, 4), (5, 6), "bilinear", True),
                ((2, 1, 4, 4), (2, 3), "bilinear", True),
                ((1, 1, 3, 5), (6, 2), "bilinear", False),
                ((1, 1, 1, 3), (3, 4), "bilinear", False),
                ((1, 1, 2, 2), (1, 1), "bilinear", True),
                ((1, 2, 4, 3), (3, 5), "nearest", True),
                ((1, 1, 2, 5), (4, 2), "nearest", False),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestResizeImages(testing.FunctionTestCase):
    def setUp(self):
        self.in_shape, self.out_shape, self.mode, self.align_corners = self.case
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-3, "rtol": 2e-3}
            self.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_double_backward_options = {"atol": 1e-2, "rtol": 1e-2}
        else:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.in_shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (
            resize_images(
                inputs[0], self.out_shape, mode=self.mode, align_corners=self.align_corners
            ),
        )

    def forward_expected(self, inputs):
        return (_reference(inputs[0], self.out_shape, self.mode, self.align_corners),)


def test_align_corners_keeps_the_corners():
    x = numpy.arange(12, dtype=numpy.float32).reshape(1, 1, 3, 4)
    y = resize_images(x, (7, 9)).array[0, 0]
    assert (y[0, 0], y[0, -1], y[-1, 0], y[-1, -1]) == (0, 3, 8, 11)


def test_gradient_sums_the_weights():
    # Every output pixel spreads weights summing to one over the input.
    x = chainer.Variable(numpy.zeros((1, 1, 3, 4), numpy.float32))
    y = resize_images(x, (5, 7), align_corners=False)
    chainer.functions.sum(y).backward()
    assert x.grad.sum() == pytest.approx(35.0)


def test_keyword_only_options():
    with pytest.raises(TypeError):
        resize_images(numpy.ones((1, 1, 2, 2), numpy.float32), (3, 3), "nearest")


@pytest.mark.parametrize(
    "x", [numpy.ones((1, 2, 2), numpy.float32), numpy.ones((1, 1, 2, 2), numpy.int32)]
)
def test_bad_input(x):
    with pytest.raises(type_check.InvalidType) as info:
        resize_images(x, (3, 3))
    assert "Invalid operation is performed in: ResizeImages (Forward)" in str(info.value)


def test_bad_arguments():
    x = numpy.ones((1, 1, 2, 2), numpy.float32)
    with pytest.raises(ValueError, match="resize_images: mode must be one of"):
        resize_images(x, (3, 3), mode="bicubic")
    with pytest.raises(TypeError, match="resize_images: output_shape must be a pair"):
        resize_images(x, 3)
    with pytest.raises(ValueError, match="resize_images: output_shape must be positive"):
        resize_images(x, (0, 3))
