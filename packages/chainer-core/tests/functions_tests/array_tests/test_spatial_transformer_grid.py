"""F.spatial_transformer_grid."""

import numpy
import pytest

from chainer import testing
from chainer.functions.array.spatial_transformer_grid import spatial_transformer_grid
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "batch_output": [(2, (3, 4)), (1, (1, 1)), (3, (2, 1))],
            "dtype": [numpy.float32],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "batch_output": [(2, (3, 4))],
            "dtype": [numpy.float16, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestSpatialTransformerGrid(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_double_backward_options = {"atol": 1e-2, "rtol": 1e-2}
        else:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-5, "rtol": 1e-4}
            self.check_double_backward_options = {"atol": 1e-5, "rtol": 1e-4}

    def generate_inputs(self):
        batch = self.batch_output[0]
        return (numpy.random.uniform(-1, 1, (batch, 2, 3)).astype(self.dtype),)

    def forward(self, inputs, device):
        return (spatial_transformer_grid(inputs[0], self.batch_output[1]),)

    def forward_expected(self, inputs):
        (theta,) = inputs
        theta = theta.astype(numpy.float64)
        height, width = self.batch_output[1]
        grid = numpy.empty((len(theta), 2, height, width))
        for b in range(len(theta)):
            for i in range(height):
                for j in range(width):
                    y_t = -1 + 2 * i / (height - 1) if height > 1 else -1.0
                    x_t = -1 + 2 * j / (width - 1) if width > 1 else -1.0
                    grid[b, :, i, j] = theta[b] @ numpy.array([x_t, y_t, 1.0])
        return (grid.astype(self.dtype),)


def test_identity_transform_spans_minus_one_to_one():
    theta = numpy.array([[[1, 0, 0], [0, 1, 0]]], numpy.float32)
    grid = spatial_transformer_grid(theta, (2, 3)).array
    numpy.testing.assert_allclose(grid[0, 0], [[-1, 0, 1], [-1, 0, 1]])
    numpy.testing.assert_allclose(grid[0, 1], [[-1, -1, -1], [1, 1, 1]])


def test_bad_theta_shape():
    with pytest.raises(type_check.InvalidType) as info:
        spatial_transformer_grid(numpy.zeros((1, 3, 3), numpy.float32), (2, 2))
    assert "Invalid operation is performed in: SpatialTransformerGrid (Forward)" in str(info.value)
    assert "theta.shape[1] == 2" in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        spatial_transformer_grid(numpy.zeros((1, 2, 3), numpy.int32), (2, 2))
    assert "theta.dtype.kind == f" in str(info.value)


@pytest.mark.parametrize("shape", [(2,), (2, 0), (2.0, 2), 4])
def test_bad_output_shape(shape):
    with pytest.raises(ValueError, match="output_shape must be a tuple of two positive ints"):
        spatial_transformer_grid(numpy.zeros((1, 2, 3), numpy.float32), shape)


def test_keyword_arguments():
    theta = numpy.zeros((1, 2, 3), numpy.float32)
    with pytest.raises(ValueError, match="use_cudnn"):
        spatial_transformer_grid(theta, (2, 2), use_cudnn="always")
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        spatial_transformer_grid(theta, (2, 2), foo=1)
