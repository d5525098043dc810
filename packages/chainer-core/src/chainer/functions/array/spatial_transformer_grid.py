"""spatial_transformer_grid: sampling coordinates from affine transforms."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.utils import type_check


def _check_kwargs(func, kwargs):
    if "use_cudnn" in kwargs:
        raise ValueError(
            f'{func}: the argument "use_cudnn" is not supported anymore; use '
            "chainer.using_config('use_cudnn', value) where value is 'always', 'never' or 'auto'"
        )
    if kwargs:
        names = ", ".join(sorted(kwargs))
        raise TypeError(f"{func}() got unexpected keyword argument(s): {names}")


def _target_coords(xp, dtype, height, width):
    """``(3, height * width)``: rows ``x``, ``y`` (each in ``[-1, 1]``) and ones."""
    ys, xs = numpy.meshgrid(
        numpy.linspace(-1, 1, height), numpy.linspace(-1, 1, width), indexing="ij"
    )
    coords = numpy.stack([xs.ravel(), ys.ravel(), numpy.ones(height * width)])
    return xp.asarray(coords.astype(dtype))


class SpatialTransformerGrid(FunctionNode):
    """``grid[b] = theta[b] @ [x_t; y_t; 1]`` over a regular target grid."""

    def __init__(self, output_shape):
        if (
            not isinstance(output_shape, (tuple, list))
            or len(output_shape) != 2
            or not all(
                isinstance(s, (int, numpy.integer)) and not isinstance(s, bool) and s > 0
                for s in output_shape
            )
        ):
            raise ValueError(
                "spatial_transformer_grid: output_shape must be a tuple of two positive "
                f"ints (height, width), got {output_shape!r}"
            )
        self.output_shape = tuple(int(s) for s in output_shape)

    @property
    def label(self):
        return "SpatialTransformerGrid"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("theta",))
        theta_type = in_types[0]
        type_check.expect(
            theta_type.dtype.kind == "f",
            theta_type.ndim == 3,
            theta_type.shape[1] == 2,
            theta_type.shape[2] == 3,
        )

    def forward(self, inputs):
        (theta,) = inputs
        xp = chainer.backend.get_array_module(theta)
        height, width = self.output_shape
        coords = _target_coords(xp, theta.dtype, height, width)
        self._coords = coords
        grid = xp.matmul(theta, coords)
        return (grid.reshape(theta.shape[0], 2, height, width),)

    def backward(self, indexes, grad_outputs):
        (ggrid,) = grad_outputs
        height, width = self.output_shape
        ggrid = reshape(ggrid, (ggrid.shape[0], 2, height * width))
        # d grid / d theta is the constant target grid: gtheta = ggrid @ coords^T.
        return (chainer.functions.matmul(ggrid, self._coords.T),)


def spatial_transformer_grid(theta, output_shape, **kwargs):
    """Sampling grid of a spatial transformer from affine parameters.

    For each point ``(x_t, y_t)`` of a regular ``H x W`` grid over ``[-1, 1]``
    (``x_t`` across the width, ``y_t`` across the height), the source point is
    ``theta[b] @ (x_t, y_t, 1)``. Use the result with
    :func:`~chainer.functions.spatial_transformer_sampler`.

    Args:
        theta (Variable or array): float affine parameters of shape ``(B, 2, 3)``.
        output_shape (tuple of two ints): ``(H, W)`` of the grid.
        **kwargs: ``use_cudnn`` is rejected (use ``chainer.using_config``); no
            other keyword is accepted.

    Returns:
        Variable: the grid, of shape ``(B, 2, H, W)`` and the dtype of ``theta``:
        channel 0 holds the source ``x`` and channel 1 the source ``y``, both in
        the normalized ``[-1, 1]`` coordinates of the source image.
    """
    _check_kwargs("spatial_transformer_grid", kwargs)
    return SpatialTransformerGrid(output_shape).apply((theta,))[0]
