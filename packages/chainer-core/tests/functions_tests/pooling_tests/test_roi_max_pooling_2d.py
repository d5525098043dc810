"""F.roi_max_pooling_2d against a naive loop over ROIs and bins."""

import math

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.roi_max_pooling_2d import roi_max_pooling_2d
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (y_min, x_min, y_max, x_max); with spatial_scale 0.6 no corner lands on a half.
_ROIS = numpy.array(
    [
        [1.0, 2.0, 7.0, 9.0],
        [0.0, 0.0, 12.0, 12.0],
        [-3.0, 6.0, 4.0, 14.0],
        [5.0, 5.0, 4.0, 6.0],  # y_max < y_min: one pixel high
        [11.0, 1.0, 13.0, 3.0],  # starts below the image: empty bins
    ]
)
_INDICES = numpy.array([0, 1, 1, 0, 1], numpy.int32)


def _round(v):
    return math.copysign(math.floor(abs(v) + 0.5), v)


def naive_bins(start, end, scale, out, size):
    s, e = _round(start * scale), _round(end * scale)
    step = max(e - s, 1) / out
    for i in range(out):
        lo = min(max(math.floor(i * step) + s, 0), size)
        hi = min(max(math.ceil((i + 1) * step) + s, 0), size)
        yield int(lo), int(hi)


def naive_roi_max_pooling(x, rois, indices, outsize, scale):
    n_rois, (out_h, out_w) = len(rois), outsize
    y = numpy.zeros((n_rois, x.shape[1], out_h, out_w), x.dtype)
    for r in range(n_rois):
        y0, x0, y1, x1 = (float(v) for v in rois[r])
        rows = list(naive_bins(y0, y1, scale, out_h, x.shape[2]))
        cols = list(naive_bins(x0, x1, scale, out_w, x.shape[3]))
        for i, (r0, r1) in enumerate(rows):
            for j, (c0, c1) in enumerate(cols):
                if r1 > r0 and c1 > c0:
                    y[r, :, i, j] = x[indices[r], :, r0:r1, c0:c1].max(axis=(1, 2))
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "outsize": [(2, 3), 3],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestROIMaxPooling2D(testing.FunctionTestCase):
    dodge_nondifferentiable = True
    spatial_scale = 0.6

    def setUp(self):
        self.rois = _ROIS.astype(self.dtype)
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 2e-2 if self.dtype == numpy.float16 else 1e-4
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        size = 2 * 3 * 6 * 7
        x = numpy.random.permutation(size) * (2.0 / size) - 1.0
        return (x.reshape(2, 3, 6, 7).astype(self.dtype),)

    def forward(self, inputs, device):
        rois = device.send(self.rois.astype(inputs[0].dtype))
        indices = device.send(_INDICES)
        return (roi_max_pooling_2d(inputs[0], rois, indices, self.outsize, self.spatial_scale),)

    def forward_expected(self, inputs):
        outsize = self.outsize if isinstance(self.outsize, tuple) else (self.outsize,) * 2
        return (naive_roi_max_pooling(inputs[0], self.rois, _INDICES, outsize, self.spatial_scale),)


def test_bad_inputs():
    x = numpy.zeros((1, 2, 4, 4), numpy.float32)
    rois = numpy.array([[0, 0, 2, 2]], numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        roi_max_pooling_2d(x, rois.astype(numpy.float64), numpy.zeros(1, numpy.int32), 2, 1.0)
    assert "Invalid operation is performed in: ROIMaxPooling2D (Forward)" in str(info.value)
    assert "rois.dtype == x.dtype" in str(info.value).replace("<class 'numpy.float32'>", "x.dtype")
    with pytest.raises(type_check.InvalidType, match="roi_indices.dtype == <class 'numpy.int32'>"):
        roi_max_pooling_2d(x, rois, numpy.zeros(1, numpy.int64), 2, 1.0)
    with pytest.raises(type_check.InvalidType, match=r"rois.shape\[1\] == 4"):
        roi_max_pooling_2d(x, numpy.zeros((1, 5), numpy.float32), numpy.zeros(1, numpy.int32), 2, 1)
    with pytest.raises(type_check.InvalidType, match=r"rois.shape\[0\] == roi_indices.shape\[0\]"):
        roi_max_pooling_2d(x, rois, numpy.zeros(2, numpy.int32), 2, 1.0)


def test_bad_arguments():
    x = numpy.zeros((1, 2, 4, 4), numpy.float32)
    rois = numpy.array([[0, 0, 2, 2]], numpy.float32)
    indices = numpy.zeros(1, numpy.int32)
    with pytest.raises(TypeError, match="roi_max_pooling_2d: outsize must be an int or a pair"):
        roi_max_pooling_2d(x, rois, indices, (2, 2, 2), 1.0)
    with pytest.raises(TypeError, match="roi_max_pooling_2d: outsize must be positive"):
        roi_max_pooling_2d(x, rois, indices, (0, 2), 1.0)
    with pytest.raises(TypeError, match="roi_max_pooling_2d: spatial_scale must be positive"):
        roi_max_pooling_2d(x, rois, indices, 2, -1.0)
    with pytest.raises(TypeError, match="roi_max_pooling_2d: spatial_scale must be a float"):
        roi_max_pooling_2d(x, rois, indices, 2, "1")
