"""F.roi_max_align_2d against a naive loop over ROIs, bins and sample points."""

import math

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.roi_max_align_2d import roi_max_align_2d
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]

# (y_min, x_min, y_max, x_max), spatial_scale 0.6
_ROIS = numpy.array(
    [
        [1.0, 2.0, 7.0, 9.0],
        [0.0, 0.0, 12.0, 12.0],
        [-3.0, 6.0, 4.0, 14.0],
        [5.0, 5.0, 4.0, 6.0],
        [9.0, -4.0, 13.0, 3.0],
        [15.0, 15.0, 18.0, 18.0],  # entirely outside: every sample invalid
    ]
)
_INDICES = numpy.array([0, 1, 1, 0, 1, 0], numpy.int32)


def naive_samples(start, end, scale, out, ratio):
    s, e = start * scale, end * scale
    length = max(e - s, 1.0)
    step = length / out
    g = ratio if ratio is not None else math.ceil(length / out)
    return [[s + i * step + (k + 0.5) * step / g for k in range(g)] for i in range(out)]


def bilinear(image, y, x):
    h, w = image.shape[-2:]
    if y < -1 or y > h or x < -1 or x > w:
        return None
    y, x = max(y, 0.0), max(x, 0.0)
    y0, x0 = int(math.floor(y)), int(math.floor(x))
    if y0 >= h - 1:
        y0 = y1 = h - 1
        y = float(y0)
    else:
        y1 = y0 + 1
    if x0 >= w - 1:
        x0 = x1 = w - 1
        x = float(x0)
    else:
        x1 = x0 + 1
    ly, lx = y - y0, x - x0
    return (
        (1 - ly) * (1 - lx) * image[..., y0, x0]
        + (1 - ly) * lx * image[..., y0, x1]
        + ly * (1 - lx) * image[..., y1, x0]
        + ly * lx * image[..., y1, x1]
    )


def naive_roi_max_align(x, rois, indices, outsize, scale, ratio):
    (out_h, out_w), (ratio_h, ratio_w) = outsize, ratio
    x64 = x.astype(numpy.float64)
    y = numpy.zeros((len(rois), x.shape[1], out_h, out_w))
    for r, (y0, x0, y1, x1) in enumerate(rois.astype(numpy.float64)):
        ys = naive_samples(y0, y1, scale, out_h, ratio_h)
        xs = naive_samples(x0, x1, scale, out_w, ratio_w)
        for i, j in numpy.ndindex(out_h, out_w):
            values = [bilinear(x64[indices[r]], sy, sx) for sy in ys[i] for sx in xs[j]]
            values = [v for v in values if v is not None]
            if values:
                y[r, :, i, j] = numpy.max(values, axis=0)
    return y.astype(x.dtype)


def _pair(v):
    return v if isinstance(v, tuple) else (v, v)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "config": [((2, 3), None), (3, 2), (2, (None, 1))],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestROIMaxAlign2D(testing.FunctionTestCase):
    dodge_nondifferentiable = True
    spatial_scale = 0.6

    def setUp(self):
        self.outsize, self.sampling_ratio = self.config
        self.rois = _ROIS.astype(self.dtype)
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-3, "rtol": 2e-3}
            self.check_backward_options = {"atol": 2e-2, "rtol": 2e-2}
            self.check_double_backward_options = {"atol": 2e-2, "rtol": 2e-2}
        else:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}

    def generate_inputs(self):
        size = 2 * 3 * 6 * 7
        x = numpy.random.permutation(size) * (2.0 / size) - 1.0
        return (x.reshape(2, 3, 6, 7).astype(self.dtype),)

    def forward(self, inputs, device):
        rois = device.send(self.rois.astype(inputs[0].dtype))
        indices = device.send(_INDICES)
        y = roi_max_align_2d(
            inputs[0], rois, indices, self.outsize, self.spatial_scale, self.sampling_ratio
        )
        return (y,)

    def forward_expected(self, inputs):
        outsize, ratio = _pair(self.outsize), _pair(self.sampling_ratio)
        x = inputs[0]
        return (naive_roi_max_align(x, self.rois, _INDICES, outsize, self.spatial_scale, ratio),)


def test_bad_inputs():
    x = numpy.zeros((1, 2, 4, 4), numpy.float32)
    rois = numpy.array([[0, 0, 2, 2]], numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        roi_max_align_2d(x, rois[:, :3], numpy.zeros(1, numpy.int32), 2, 1.0)
    assert "Invalid operation is performed in: ROIMaxAlign2D (Forward)" in str(info.value)
    assert "rois.shape[1] == 4" in str(info.value)
    with pytest.raises(TypeError, match="roi_max_align_2d: sampling_ratio must be None"):
        roi_max_align_2d(x, rois, numpy.zeros(1, numpy.int32), 2, 1.0, sampling_ratio=-1)
