"""F.roi_pooling_2d against a naive loop over ROIs and bins."""

import math

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.roi_pooling_2d import roi_pooling_2d
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (batch index, x_min, y_min, x_max, y_max); with spatial_scale 0.6 no
# corner lands on a half.
_ROIS = numpy.array(
    [
        [0, 2.0, 1.0, 9.0, 7.0],
        [1, 0.0, 0.0, 12.0, 12.0],
        [1, 6.0, -3.0, 14.0, 4.0],
        [0, 5.0, 5.0, 6.0, 3.0],
        [1, 1.0, 11.0, 3.0, 13.0],
    ]
)


def _round(v):
    return math.copysign(math.floor(abs(v) + 0.5), v)


def naive_bins(start, end, scale, out, size):
    s, e = _round(start * scale), _round(end * scale)
    step = max(e - s + 1, 1) / out  # both corners included
    for i in range(out):
        lo = min(max(math.floor(i * step) + s, 0), size)
        hi = min(max(math.ceil((i + 1) * step) + s, 0), size)
        yield int(lo), int(hi)


def naive_roi_pooling(x, rois, out_h, out_w, scale):
    y = numpy.zeros((len(rois), x.shape[1], out_h, out_w), x.dtype)
    for r, (b, x0, y0, x1, y1) in enumerate(rois.astype(numpy.float64)):
        rows = list(naive_bins(y0, y1, scale, out_h, x.shape[2]))
        cols = list(naive_bins(x0, x1, scale, out_w, x.shape[3]))
        for i, (r0, r1) in enumerate(rows):
            for j, (c0, c1) in enumerate(cols):
                if r1 > r0 and c1 > c0:
                    y[r, :, i, j] = x[int(b), :, r0:r1, c0:c1].max(axis=(1, 2))
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "outhw": [(2, 3), (3, 3)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestROIPooling2D(testing.FunctionTestCase):
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
        return (roi_pooling_2d(inputs[0], rois, *self.outhw, self.spatial_scale),)

    def forward_expected(self, inputs):
        return (naive_roi_pooling(inputs[0], self.rois, *self.outhw, self.spatial_scale),)


def test_bad_inputs():
    x = numpy.zeros((1, 2, 4, 4), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        roi_pooling_2d(x, numpy.zeros((1, 4), numpy.float32), 2, 2, 1.0)
    assert "Invalid operation is performed in: ROIPooling2D (Forward)" in str(info.value)
    assert "rois.shape[1] == 5" in str(info.value)
    with pytest.raises(TypeError, match="roi_pooling_2d: outw must be positive"):
        roi_pooling_2d(x, numpy.zeros((1, 5), numpy.float32), 2, 0, 1.0)
