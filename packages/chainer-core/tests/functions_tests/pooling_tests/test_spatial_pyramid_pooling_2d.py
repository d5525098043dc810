"""F.spatial_pyramid_pooling_2d against naive bin maxima."""

import math

import numpy
import pytest

from chainer import testing
from chainer.functions.pooling.spatial_pyramid_pooling_2d import spatial_pyramid_pooling_2d

_BACKENDS = [{}, {"use_cuda": True}]


def naive_spp(x, height):
    n, c, h, w = x.shape
    levels = []
    for level in range(height):
        bins = 2**level
        kh, kw = math.ceil(h / bins), math.ceil(w / bins)
        ph, pw = (kh * bins - h) // 2, (kw * bins - w) // 2
        out_h = (h + 2 * ph - kh + kh - 1) // kh + 1
        out_w = (w + 2 * pw - kw + kw - 1) // kw + 1
        y = numpy.empty((n, c, out_h, out_w), x.dtype)
        for i, j in numpy.ndindex(out_h, out_w):
            r0, c0 = max(i * kh - ph, 0), max(j * kw - pw, 0)
            y[:, :, i, j] = x[:, :, r0 : i * kh - ph + kh, c0 : j * kw - pw + kw].max(axis=(2, 3))
        levels.append(y.reshape(n, -1))
    return numpy.concatenate(levels, axis=1)[:, :, None, None]


def _distinct(shape, dtype):
    size = int(numpy.prod(shape))
    return (numpy.random.permutation(size) * (2.0 / size) - 1.0).reshape(shape).astype(dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [((2, 2, 6, 7), 3), ((1, 3, 4, 4), 2), ((1, 2, 3, 7), 1)],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSpatialPyramidPooling2D(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        self.shape, self.height = self.case
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 2e-2 if self.dtype == numpy.float16 else 1e-4
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        return (_distinct(self.shape, self.dtype),)

    def forward(self, inputs, device):
        return (spatial_pyramid_pooling_2d(inputs[0], self.height, pooling="max"),)

    def forward_expected(self, inputs):
        return (naive_spp(inputs[0], self.height),)


def test_output_length():
    x = numpy.zeros((2, 3, 8, 8), numpy.float32)
    y = spatial_pyramid_pooling_2d(x, 3, "max")
    assert y.shape == (2, 3 * (1 + 4 + 16), 1, 1)


def test_bad_arguments():
    x = numpy.zeros((1, 1, 4, 4), numpy.float32)
    with pytest.raises(ValueError, match="pooling must be 'max'.*not None"):
        spatial_pyramid_pooling_2d(x, 2)
    with pytest.raises(ValueError, match="pooling must be 'max'.*not 'average'"):
        spatial_pyramid_pooling_2d(x, 2, "average")
    with pytest.raises(ValueError, match="pyramid_height must be an int >= 1, not 0"):
        spatial_pyramid_pooling_2d(x, 0, "max")
    with pytest.raises(ValueError, match=r"x must have shape \(n, c, h, w\)"):
        spatial_pyramid_pooling_2d(numpy.zeros((1, 4, 4), numpy.float32), 2, "max")
