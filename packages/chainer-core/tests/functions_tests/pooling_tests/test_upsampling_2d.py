"""F.upsampling_2d against a naive scatter, and its round trip with max_pooling_2d."""

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.functions.pooling.upsampling_2d import upsampling_2d
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def naive_upsampling(x, indexes, ksize, stride, pad, outsize, cover_all):
    kh, kw = _pair(ksize)
    sy, sx = (kh, kw) if stride is None else _pair(stride)
    ph, pw = _pair(pad)
    n, c, h, w = x.shape
    if outsize is None:
        extra_y, extra_x = (1 - sy, 1 - sx) if cover_all else (0, 0)
        outsize = (sy * (h - 1) + kh - 2 * ph + extra_y, sx * (w - 1) + kw - 2 * pw + extra_x)
    out_h, out_w = _pair(outsize)
    y = numpy.zeros((n, c, out_h, out_w))
    for b, ch, i, j in numpy.ndindex(*x.shape):
        a, e = divmod(int(indexes[b, ch, i, j]), kw)
        row, col = i * sy - ph + a, j * sx - pw + e
        if 0 <= row < out_h and 0 <= col < out_w:
            y[b, ch, row, col] += x[b, ch, i, j]
    return y.astype(x.dtype)


_CASES = [
    # (x shape, ksize, stride, pad, outsize, cover_all)
    ((2, 3, 3, 4), 2, None, 0, None, True),
    ((1, 2, 3, 3), 3, 2, 1, None, True),
    ((1, 2, 3, 4), (2, 3), (1, 2), (0, 1), (4, 7), False),
    ((1, 2, 2, 3), 3, 2, 0, (5, 7), True),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestUpsampling2D(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.ksize, self.stride, self.pad, self.outsize, self.cover_all = self.case
        kh, kw = _pair(self.ksize)
        self.indexes = numpy.random.randint(0, kh * kw, self.shape).astype(numpy.int32)
        self.check_forward_options = {"atol": 1e-3 if self.dtype == numpy.float16 else 1e-7}
        tol = 2e-2 if self.dtype == numpy.float16 else 1e-4
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        indexes = device.send(self.indexes)
        y = upsampling_2d(
            inputs[0], indexes, self.ksize, self.stride, self.pad, self.outsize, self.cover_all
        )
        return (y,)

    def forward_expected(self, inputs):
        args = (self.ksize, self.stride, self.pad, self.outsize, self.cover_all)
        return (naive_upsampling(inputs[0], self.indexes, *args),)


def test_round_trip_with_max_pooling():
    x = numpy.random.permutation(2 * 3 * 6 * 6).reshape(2, 3, 6, 6).astype(numpy.float32)
    y, indexes = max_pooling_2d(x, 2, return_indices=True)
    up = upsampling_2d(y, indexes, 2, outsize=(6, 6)).array
    # Each 2 x 2 block keeps its maximum in place and zeros elsewhere.
    blocks = x.reshape(2, 3, 3, 2, 3, 2)
    expected = numpy.where(blocks == blocks.max(axis=(3, 5), keepdims=True), blocks, 0)
    numpy.testing.assert_array_equal(up, expected.reshape(x.shape))


def test_bad_indexes():
    x = numpy.ones((1, 1, 2, 2), numpy.float32)
    with pytest.raises(TypeError, match="upsampling_2d: indexes must be an integer array"):
        upsampling_2d(x, numpy.zeros((1, 1, 2, 2), numpy.float32), 2)
    with pytest.raises(TypeError, match="upsampling_2d: indexes must be an integer array"):
        upsampling_2d(x, [[0]], 2)
    with pytest.raises(type_check.InvalidType) as info:
        upsampling_2d(x, numpy.zeros((1, 1, 2, 3), numpy.int32), 2)
    assert "Invalid operation is performed in: Upsampling2D (Forward)" in str(info.value)
    assert "x.shape == indexes.shape == (1, 1, 2, 3)" in str(info.value)


def test_bad_outsize():
    x = numpy.ones((1, 1, 2, 2), numpy.float32)
    indexes = numpy.zeros((1, 1, 2, 2), numpy.int32)
    with pytest.raises(type_check.InvalidType, match=r"outsize \(8, 8\) pools back"):
        upsampling_2d(x, indexes, 2, outsize=(8, 8))
    with pytest.raises(type_check.InvalidType, match=r"x\.dtype\.kind == f"):
        upsampling_2d(indexes, indexes, 2)
