"""F.spatial_transformer_sampler."""

import math

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.array.spatial_transformer_sampler import spatial_transformer_sampler
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _bilinear(image, x, y):
    """Samples ``image`` (C, H, W) at pixel coordinates (x, y), zeros outside."""
    channels, height, width = image.shape
    x0 = math.floor(x)
    y0 = math.floor(y)
    out = numpy.zeros(channels)
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < height and 0 <= xx < width:
                out += wy * wx * image[:, yy, xx]
    return out


def _grid_away_from_kinks(shape, height, width):
    """Grid points whose pixel coordinates are never near an integer.

    Coordinates range over about two pixels beyond each border: points just
    outside read the zero padding, points farther out read nothing at all.
    """
    batch, _, out_h, out_w = shape
    grid = numpy.empty(shape)
    for axis, size in ((0, width), (1, height)):
        whole = numpy.random.randint(-3, size + 2, (batch, out_h, out_w))
        pixel = whole + numpy.random.uniform(0.2, 0.8, (batch, out_h, out_w))
        grid[:, axis] = pixel * 2 / (size - 1) - 1
    return grid


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((2, 2, 3, 4), (2, 3)), ((1, 1, 4, 3), (3, 3))],
            "dtype": [numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {"shapes": [((2, 2, 3, 4), (2, 3))], "dtype": [numpy.float16], "contiguous": [None, "C"]}
    )
)
@testing.fix_random()
class TestSpatialTransformerSampler(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
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

    def generate_inputs(self):
        x_shape, (out_h, out_w) = self.shapes
        batch, _, height, width = x_shape
        x = numpy.random.uniform(-1, 1, x_shape).astype(self.dtype)
        grid = _grid_away_from_kinks((batch, 2, out_h, out_w), height, width)
        return x, grid.astype(self.dtype)

    def forward(self, inputs, device):
        return (spatial_transformer_sampler(*inputs),)

    def forward_expected(self, inputs):
        x, grid = (a.astype(numpy.float64) for a in inputs)
        batch, channels, height, width = x.shape
        out_h, out_w = grid.shape[2:]
        y = numpy.empty((batch, channels, out_h, out_w))
        for b in range(batch):
            for i in range(out_h):
                for j in range(out_w):
                    px = (grid[b, 0, i, j] + 1) * (width - 1) / 2
                    py = (grid[b, 1, i, j] + 1) * (height - 1) / 2
                    y[b, :, i, j] = _bilinear(x[b], px, py)
        return (y.astype(self.dtype),)


def test_identity_grid_reproduces_the_image():
    x = numpy.random.rand(2, 3, 4, 5).astype(numpy.float32)
    ys, xs = numpy.meshgrid(numpy.linspace(-1, 1, 4), numpy.linspace(-1, 1, 5), indexing="ij")
    grid = numpy.broadcast_to(numpy.stack([xs, ys]), (2, 2, 4, 5)).astype(numpy.float32)
    numpy.testing.assert_allclose(spatial_transformer_sampler(x, grid).array, x, atol=1e-6)


def test_far_outside_reads_zero_and_has_no_grid_gradient():
    x = chainer.Variable(numpy.ones((1, 1, 3, 3), numpy.float32))
    grid = chainer.Variable(numpy.full((1, 2, 1, 2), 5.0, numpy.float32))
    y = spatial_transformer_sampler(x, grid)
    numpy.testing.assert_array_equal(y.array, 0)
    y.grad = numpy.ones_like(y.array)
    y.backward()
    numpy.testing.assert_array_equal(grid.grad, 0)
    numpy.testing.assert_array_equal(x.grad, 0)


def test_bad_shapes_and_dtypes():
    x = numpy.zeros((2, 1, 3, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        spatial_transformer_sampler(x, numpy.zeros((2, 3, 2, 2), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: SpatialTransformerSampler (Forward)" in message
    assert "grid.shape[1] == 2" in message
    with pytest.raises(type_check.InvalidType) as info:
        spatial_transformer_sampler(x, numpy.zeros((1, 2, 2, 2), numpy.float32))
    assert "x.shape[0] == grid.shape[0]" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        spatial_transformer_sampler(x, numpy.zeros((2, 2, 2, 2), numpy.float64))
    assert "grid.dtype == x.dtype" in str(info.value)


def test_keyword_arguments():
    x = numpy.zeros((1, 1, 2, 2), numpy.float32)
    grid = numpy.zeros((1, 2, 2, 2), numpy.float32)
    with pytest.raises(ValueError, match="use_cudnn"):
        spatial_transformer_sampler(x, grid, use_cudnn="never")
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        spatial_transformer_sampler(x, grid, mode="nearest")
