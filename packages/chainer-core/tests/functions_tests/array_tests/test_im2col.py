"""F.im2col."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.im2col import im2col
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _pair(v):
    return (v, v) if isinstance(v, int) else v


def _outsize(size, k, s, p, d, cover_all):
    dk = (k - 1) * d + 1
    if cover_all:
        return (size + 2 * p - dk + s - 1) // s + 1
    return (size + 2 * p - dk) // s + 1


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [
                ((2, 2, 4, 5), 3, 1, 1, False, 1),
                ((1, 2, 5, 4), (2, 3), (2, 1), (1, 0), False, 1),
                ((1, 1, 5, 5), 2, 2, 0, True, 1),
                ((1, 2, 6, 5), 2, 1, 1, False, 2),
                ((1, 1, 4, 4), (3, 2), (1, 2), (0, 1), True, (1, 2)),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestIm2Col(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.ksize, self.stride, self.pad, self.cover_all, self.dilate = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 1e-2 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (im2col(inputs[0], self.ksize, self.stride, self.pad, self.cover_all, self.dilate),)

    def forward_expected(self, inputs):
        (x,) = inputs
        n, c, h, w = x.shape
        kh, kw = _pair(self.ksize)
        sy, sx = _pair(self.stride)
        ph, pw = _pair(self.pad)
        dy, dx = _pair(self.dilate)
        out_h = _outsize(h, kh, sy, ph, dy, self.cover_all)
        out_w = _outsize(w, kw, sx, pw, dx, self.cover_all)
        y = numpy.zeros((n, c * kh * kw, out_h, out_w), x.dtype)
        for b, k, a, e, i, j in numpy.ndindex(n, c, kh, kw, out_h, out_w):
            row = i * sy - ph + a * dy
            col = j * sx - pw + e * dx
            if 0 <= row < h and 0 <= col < w:
                y[b, (k * kh + a) * kw + e, i, j] = x[b, k, row, col]
        return (y,)


def test_kernel_larger_than_input():
    with pytest.raises(type_check.InvalidType) as info:
        im2col(numpy.ones((1, 1, 2, 2), numpy.float32), 3)
    message = str(info.value)
    assert "Invalid operation is performed in: Im2Col (Forward)" in message
    assert "x.shape == (1, 1, 2, 2)" in message


@pytest.mark.parametrize(
    "x", [numpy.ones((1, 4, 4), numpy.float32), numpy.ones((1, 1, 4, 4), numpy.int32)]
)
def test_bad_input(x):
    with pytest.raises(type_check.InvalidType):
        im2col(x, 2)


def test_bad_arguments():
    x = numpy.ones((1, 1, 4, 4), numpy.float32)
    with pytest.raises(TypeError, match="im2col: ksize must be an int or a pair"):
        im2col(x, (2, 2, 2))
    with pytest.raises(ValueError, match="im2col: stride must be at least 1"):
        im2col(x, 2, stride=0)
    with pytest.raises(ValueError, match="im2col: pad must be at least 0"):
        im2col(x, 2, pad=-1)
