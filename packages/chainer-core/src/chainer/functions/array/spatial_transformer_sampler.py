"""spatial_transformer_sampler: bilinear sampling of an image at grid points."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.array.scatter_add import scatter_add
from chainer.functions.array.spatial_transformer_grid import _check_kwargs
from chainer.functions.array.stack import stack
from chainer.functions.array.transpose import transpose
from chainer.utils import type_check


class _Plan:
    """What a sampling grid fixes: corner pixels, their validity and the weights.

    Coordinates are those of the image padded by one zero pixel on each side:
    ``u`` in ``[0, W + 1]`` across the width, ``v`` in ``[0, H + 1]`` across
    the height, each clipped to that range. Corner ``k`` of a point is
    ``(v0, u0), (v0, u1), (v1, u0), (v1, u1)`` for ``k = 0..3``, with
    ``u1 = u0 + 1`` and ``v1 = v0 + 1``.

    Attributes:
        rows, cols: ``(B, 4, P)`` integer indexes of the corners in the
            unpadded image (clipped into it; see ``valid``).
        valid: ``(B, 4, P)`` bool, False where a corner is a padding pixel.
        wu0, wv0: ``(B, P)`` fractional parts ``u - u0`` and ``v - v0``.
        inside_u, inside_v: ``(B, P)`` bool, False where the coordinate was
            clipped (its gradient is zero there).
    """

    def __init__(self, xp, grid, height, width):
        batch = grid.shape[0]
        work = numpy.promote_types(grid.dtype, numpy.float32)
        grid = grid.reshape(batch, 2, -1).astype(work, copy=False)
        self.scale_u = (width - 1) / 2
        self.scale_v = (height - 1) / 2
        u = (grid[:, 0] + 1) * self.scale_u + 1
        v = (grid[:, 1] + 1) * self.scale_v + 1
        self.inside_u = (u > 0) & (u < width + 1)
        self.inside_v = (v > 0) & (v < height + 1)
        u = xp.clip(u, 0, width + 1)
        v = xp.clip(v, 0, height + 1)
        u0 = xp.clip(xp.floor(u), 0, width)
        v0 = xp.clip(xp.floor(v), 0, height)
        self.wu0 = u - u0
        self.wv0 = v - v0
        u0 = u0.astype(numpy.intp)
        v0 = v0.astype(numpy.intp)
        rows = xp.stack([v0, v0, v0 + 1, v0 + 1], axis=1)
        cols = xp.stack([u0, u0 + 1, u0, u0 + 1], axis=1)
        self.valid = (rows >= 1) & (rows <= height) & (cols >= 1) & (cols <= width)
        self.rows = xp.clip(rows - 1, 0, height - 1)
        self.cols = xp.clip(cols - 1, 0, width - 1)
        self.batch_index = xp.arange(batch).reshape(batch, 1, 1)

    @property
    def index(self):
        """The advanced index of the corners into an image laid out ``(B, H, W, C)``."""
        return (self.batch_index, self.rows, self.cols)


class SpatialTransformerSampler(FunctionNode):
    """Samples ``x`` bilinearly at ``grid``; points outside the image read zeros."""

    @property
    def label(self):
        return "SpatialTransformerSampler"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "grid"))
        x_type, grid_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            grid_type.dtype == x_type.dtype,
            x_type.ndim == 4,
            grid_type.ndim == 4,
            grid_type.shape[1] == 2,
            x_type.shape[0] == grid_type.shape[0],
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, grid = inputs
        xp = chainer.backend.get_array_module(x)
        batch, channels, height, width = x.shape
        out_h, out_w = grid.shape[2:]
        plan = _Plan(xp, grid, height, width)
        wu0, wv0 = plan.wu0, plan.wv0
        wu1, wv1 = 1 - wu0, 1 - wv0
        weights = xp.stack([wu1 * wv1, wu0 * wv1, wu1 * wv0, wu0 * wv0], axis=1)
        weights *= plan.valid
        corners = x.transpose(0, 2, 3, 1)[plan.index]  # (B, 4, P, C)
        y = (weights[..., None] * corners).sum(axis=1).astype(x.dtype, copy=False)
        return (y.reshape(batch, out_h, out_w, channels).transpose(0, 3, 1, 2),)

    def backward(self, indexes, grad_outputs):
        x, grid = self.get_retained_inputs()
        (gy,) = grad_outputs
        xp = x.xp
        dtype = x.dtype
        batch, channels, height, width = x.shape
        out_h, out_w = grid.shape[2:]
        n_points = out_h * out_w
        plan = _Plan(xp, grid.array, height, width)

        # The fractional parts as functions of the grid: u = grid_u * scale_u + const
        # where the point is inside, a constant where it was clipped.
        grid_flat = reshape(grid, (batch, 2, n_points))
        grid_u = get_item(grid_flat, (slice(None), 0))
        grid_v = get_item(grid_flat, (slice(None), 1))
        slope_u = (plan.inside_u * plan.scale_u).astype(dtype)
        slope_v = (plan.inside_v * plan.scale_v).astype(dtype)
        wu0 = grid_u * slope_u + (plan.wu0 - grid_u.array * slope_u).astype(dtype)
        wv0 = grid_v * slope_v + (plan.wv0 - grid_v.array * slope_v).astype(dtype)
        wu1 = 1 - wu0
        wv1 = 1 - wv0
        valid = plan.valid.astype(dtype)

        gy_rows = reshape(transpose(gy, (0, 2, 3, 1)), (batch, 1, n_points, channels))
        ret = []
        for i in indexes:
            if i == 0:
                weights = stack([wu1 * wv1, wu0 * wv1, wu1 * wv0, wu0 * wv0], axis=1) * valid
                weights = reshape(weights, (batch, 4, n_points, 1))
                zeros = xp.zeros((batch, height, width, channels), dtype=dtype)
                gx = scatter_add(zeros, plan.index, weights * gy_rows)
                ret.append(transpose(gx, (0, 3, 1, 2)))
            else:
                corners = get_item(transpose(x, (0, 2, 3, 1)), plan.index)
                corners = corners * valid.reshape(batch, 4, n_points, 1)
                # sum over channels of gy * corner value, per corner and point
                gy_corner = chainer.functions.sum(corners * gy_rows, axis=3)
                du = stack([-wv1, wv1, -wv0, wv0], axis=1)
                dv = stack([-wu1, -wu0, wu1, wu0], axis=1)
                gu = chainer.functions.sum(du * gy_corner, axis=1) * slope_u
                gv = chainer.functions.sum(dv * gy_corner, axis=1) * slope_v
                ggrid = reshape(stack([gu, gv], axis=1), (batch, 2, out_h, out_w))
                ret.append(ggrid)
        return tuple(ret)


def spatial_transformer_sampler(x, grid, **kwargs):
    """Samples ``x`` at the points of ``grid`` with bilinear interpolation.

    ``grid[b, 0]`` is the ``x`` (width) and ``grid[b, 1]`` the ``y`` (height)
    coordinate of each output pixel in the source image, normalized so that
    ``-1`` and ``1`` are the centers of the first and last pixels. Pixels
    outside the image count as zeros; a point farther than one pixel outside
    reads zero and gets no coordinate gradient. Typically ``grid`` comes
    from :func:`~chainer.functions.spatial_transformer_grid`.

    Args:
        x (Variable or array): a float image batch of shape ``(B, C, H, W)``.
        grid (Variable or array): sampling points of shape ``(B, 2, H_o, W_o)``
            and the dtype of ``x``.
        **kwargs: ``use_cudnn`` is rejected (use ``chainer.using_config``); no
            other keyword is accepted.

    Returns:
        Variable: the sampled images, of shape ``(B, C, H_o, W_o)`` and the dtype of ``x``.
    """
    _check_kwargs("spatial_transformer_sampler", kwargs)
    return SpatialTransformerSampler().apply((x, grid))[0]
