"""Geometry and vectorized kernels shared by the ROI (region of interest) pooling ops.

Every ROI op reads, for each output bin, a few *taps*: pixels of the input
(ROI pooling) or bilinear mixtures of four pixels (ROI align). A tap is
computed for all ROIs, bins and channels at once: the input is laid out
channels-last, ``(n * h * w, c)``, so a tap is one row gather of shape
``(n_rois, out_h, out_w, c)``. Only the loop over a bin's taps (its pixels
or sample points, like a pooling kernel's offsets) stays in Python.

The average ops are linear in ``x`` with fixed tap weights, so their
gradient node adds ``gy`` back over the same taps and the forward op is in
turn that node's gradient. The max ops record the winning tap of each
output; their gradient node scatters to it and a gather node is the
gradient of the scatter.
"""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import _scatter_add
from chainer.functions.pooling._pooling import accumulation_dtype
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def outsize_pair(outsize, func, name="outsize"):
    """``(out_h, out_w)`` from an int or a pair of positive ints (else TypeError, as Chainer v7)."""
    if _is_int(outsize):
        pair = (int(outsize), int(outsize))
    elif isinstance(outsize, (tuple, list)) and len(outsize) == 2 and all(map(_is_int, outsize)):
        pair = (int(outsize[0]), int(outsize[1]))
    else:
        raise TypeError(f"{func}: {name} must be an int or a pair of ints, not {outsize!r}")
    if min(pair) < 1:
        raise TypeError(f"{func}: {name} must be positive, got {outsize!r}")
    return pair


def positive_scale(spatial_scale, func):
    """``spatial_scale`` as a positive float."""
    if not isinstance(spatial_scale, (int, float, numpy.integer, numpy.floating)) or isinstance(
        spatial_scale, bool
    ):
        raise TypeError(f"{func}: spatial_scale must be a float, not {spatial_scale!r}")
    if not spatial_scale > 0:
        raise TypeError(f"{func}: spatial_scale must be positive, got {spatial_scale!r}")
    return float(spatial_scale)


def sampling_pair(sampling_ratio, func):
    """``(ratio_h, ratio_w)``, each None (adaptive) or an int >= 1."""
    pair = (
        tuple(sampling_ratio)
        if isinstance(sampling_ratio, (tuple, list))
        else (sampling_ratio, sampling_ratio)
    )
    if len(pair) != 2 or not all(r is None or (_is_int(r) and r >= 1) for r in pair):
        raise TypeError(
            f"{func}: sampling_ratio must be None, an int >= 1 or a pair of these, "
            f"not {sampling_ratio!r}"
        )
    return tuple(None if r is None else int(r) for r in pair)


def check_roi_types(in_types):
    """type_check of ``(x, rois, roi_indices)``: rois ``(R, 4)`` of x's dtype, int32 indices."""
    type_check._argname(in_types, ("x", "rois", "roi_indices"))
    x_type, roi_type, index_type = in_types
    type_check.expect(
        x_type.dtype.kind == "f",
        x_type.ndim == 4,
        roi_type.dtype == x_type.dtype,
        roi_type.ndim == 2,
        roi_type.shape[1] == 4,
        index_type.dtype == numpy.int32,
        index_type.ndim == 1,
        roi_type.shape[0] == index_type.shape[0],
    )


def _round(xp, v):
    """Rounding half away from zero."""
    return xp.sign(v) * xp.floor(xp.abs(v) + 0.5)


# -- geometry -----------------------------------------------------------------


def pixel_bins(xp, start, end, scale, out, size, inclusive):
    """Integer bins of one axis: first pixel and pixel count, each ``(R, out)``.

    The ROI ``[round(start * scale), round(end * scale)]`` (one pixel longer
    when ``inclusive``, at least one pixel) is cut into ``out`` bins of equal
    real length; bin ``i`` takes the pixels ``floor(i * b) ... ceil((i + 1) * b) - 1``
    from the ROI start, clipped to the image (possibly none).
    """
    s = _round(xp, start.astype(numpy.float64) * scale)
    e = _round(xp, end.astype(numpy.float64) * scale)
    extent = xp.maximum(e - s + (1.0 if inclusive else 0.0), 1.0)
    step = (extent / out)[:, None]
    i = xp.arange(out, dtype=numpy.float64)
    lo = xp.clip(xp.floor(i * step) + s[:, None], 0, size)
    hi = xp.clip(xp.ceil((i + 1) * step) + s[:, None], 0, size)
    return lo.astype(numpy.int64), xp.maximum(hi - lo, 0).astype(numpy.int64)


def sample_points(xp, start, end, scale, out, size, ratio):
    """Bilinear sample points of one axis, per (ROI, bin, sample): ``(R, out, G)`` arrays.

    The ROI ``[start * scale, end * scale]`` (at least 1 long) is cut into
    ``out`` bins, each sampled at ``g`` evenly spaced points (bin centers of
    ``g`` sub-bins), ``g = ratio`` or, for None, ``ceil(roi length / out)``
    per ROI. A point below -1 or above ``size`` is invalid; others are
    clamped to ``[0, size - 1]`` and read from pixels ``low`` and ``high``.

    Returns:
        tuple: ``low, high, w_low, w_high`` (interpolation weights, 0 at
        invalid points), ``valid``, and ``grid`` (the ``g`` of each ROI).
    """
    s = start.astype(numpy.float64) * scale
    e = end.astype(numpy.float64) * scale
    extent = xp.maximum(e - s, 1.0)
    step = extent / out
    n_rois = s.shape[0]
    if ratio is None:
        grid = xp.ceil(extent / out).astype(numpy.int64)
        g_max = int(grid.max()) if n_rois else 1
    else:
        grid = xp.full((n_rois,), ratio, dtype=numpy.int64)
        g_max = ratio
    g = xp.arange(g_max, dtype=numpy.float64)
    i = xp.arange(out, dtype=numpy.float64)[None, :, None]
    step3 = step[:, None, None]
    grid3 = grid[:, None, None]
    pos = s[:, None, None] + i * step3 + (g + 0.5) * step3 / grid3
    valid = (g < grid3) & (pos >= -1.0) & (pos <= size)
    pos = xp.maximum(pos, 0.0)
    low = xp.floor(pos)
    at_end = low >= size - 1
    low = xp.where(at_end, size - 1, low)
    frac = xp.where(at_end, 0.0, pos - low)
    low = low.astype(numpy.int64)
    high = xp.where(at_end, low, low + 1)
    return low, high, (1.0 - frac) * valid, frac * valid, valid, grid


# -- taps ---------------------------------------------------------------------


def pixel_taps(xp, bins_y, bins_x, batch, height, width):
    """Taps of pixel bins: ``(rows, valid)`` per (row, column) offset inside the bins.

    ``rows`` indexes the channels-last ``(n * h * w, c)`` input, ``(R, out_h, out_w)``.
    """
    lo_y, n_y = bins_y
    lo_x, n_x = bins_x
    k_y = int(n_y.max()) if n_y.size else 0
    k_x = int(n_x.max()) if n_x.size else 0
    base = (batch.astype(numpy.int64) * (height * width))[:, None, None]
    for dy in range(k_y):
        v_y = dy < n_y
        row_y = xp.where(v_y, lo_y + dy, 0) * width
        for dx in range(k_x):
            v_x = dx < n_x
            col = xp.where(v_x, lo_x + dx, 0)
            rows = base + row_y[:, :, None] + col[:, None, :]
            yield rows, v_y[:, :, None] & v_x[:, None, :]


def sample_taps(xp, points_y, points_x, batch, height, width):
    """Taps of bilinear sample points: ``(corners, valid)`` per (sample row, sample column).

    ``corners`` lists the four ``(rows, weight)`` pairs whose weighted sum is
    the sample's value, each ``(R, out_h, out_w)``.
    """
    low_y, high_y, wl_y, wh_y, valid_y, _ = points_y
    low_x, high_x, wl_x, wh_x, valid_x, _ = points_x
    base = (batch.astype(numpy.int64) * (height * width))[:, None, None]
    for iy in range(low_y.shape[2]):
        ys = ((low_y[:, :, iy], wl_y[:, :, iy]), (high_y[:, :, iy], wh_y[:, :, iy]))
        for ix in range(low_x.shape[2]):
            xs = ((low_x[:, :, ix], wl_x[:, :, ix]), (high_x[:, :, ix], wh_x[:, :, ix]))
            corners = [
                (base + (y * width)[:, :, None] + x[:, None, :], wy[:, :, None] * wx[:, None, :])
                for y, wy in ys
                for x, wx in xs
            ]
            yield corners, valid_y[:, :, iy][:, :, None] & valid_x[:, :, ix][:, None, :]


def _channels_last(x, dtype):
    xp = chainer.backend.get_array_module(x)
    n, c, h, w = x.shape
    return xp.ascontiguousarray(x.transpose(0, 2, 3, 1), dtype=dtype).reshape(n * h * w, c)


def _channels_first(y):
    xp = chainer.backend.get_array_module(y)
    return xp.ascontiguousarray(y.transpose(0, 3, 1, 2))


# -- linear (average) ops -------------------------------------------------------


def linear_forward(x, taps, n_rois, out_hw):
    """``y[r, :, i, j] = sum over taps of weight * x_rows``: ``(R, c, out_h, out_w)``."""
    xp = chainer.backend.get_array_module(x)
    acc = accumulation_dtype(x.dtype)
    table = _channels_last(x, acc)
    y = xp.zeros((n_rois,) + tuple(out_hw) + (x.shape[1],), dtype=acc)
    for rows, weight in taps:
        y += table[rows] * weight.astype(acc)[..., None]
    return _channels_first(y).astype(x.dtype, copy=False)


def linear_backward(gy, taps, x_shape):
    """The adjoint of :func:`linear_forward`: ``gy`` added back over the taps."""
    xp = chainer.backend.get_array_module(gy)
    acc = accumulation_dtype(gy.dtype)
    n, c, h, w = x_shape
    g = xp.ascontiguousarray(gy.transpose(0, 2, 3, 1), dtype=acc)
    gx = xp.zeros(n * h * w * c, dtype=acc)
    channel = xp.arange(c, dtype=numpy.int64)
    for rows, weight in taps:
        index = rows[..., None] * c + channel
        _scatter_add(xp, gx, index.reshape(-1), (g * weight.astype(acc)[..., None]).reshape(-1))
    gx = gx.reshape(n, h, w, c).transpose(0, 3, 1, 2)
    return xp.ascontiguousarray(gx, dtype=gy.dtype)


class ROILinearGrad(FunctionNode):
    """The gradient of a ROI average op: ``gy`` spread over each bin's taps.

    Its gradient is the average op itself, applied to the same ROIs.

    Args:
        op: the forward node (it provides ``taps`` and ``fresh``).
        rois, roi_indices (arrays): the ROIs of the forward.
        x_shape (tuple): the shape of the forward's input (and of the result).
    """

    def __init__(self, op, rois, roi_indices, x_shape):
        self.op = op
        self.rois = rois
        self.roi_indices = roi_indices
        self.x_shape = tuple(x_shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("gy",))
        gy_type = in_types[0]
        type_check.expect(gy_type.dtype.kind == "f", gy_type.ndim == 4)

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        taps = self.op.taps(xp, self.rois, self.roi_indices, self.x_shape)
        return (linear_backward(gy, taps, self.x_shape),)

    def backward(self, indexes, grad_outputs):
        node = self.op.fresh()
        return (node.apply((grad_outputs[0], self.rois, self.roi_indices))[0],)


# -- max ops --------------------------------------------------------------------


def argmax_forward(x, taps, n_rois, out_hw):
    """Maximum over each bin's taps and the winning tap's number (-1 for an empty bin).

    ``taps`` yields ``(corners, valid)``; a tap's value is the weighted sum of
    its corners' rows (a weight of None means 1). An empty bin outputs 0.

    Returns:
        tuple: ``y`` of shape ``(R, c, out_h, out_w)`` and the dtype of ``x``, and
        the tap numbers (int32) of the same shape.
    """
    xp = chainer.backend.get_array_module(x)
    acc = accumulation_dtype(x.dtype)
    table = _channels_last(x, acc)
    shape = (n_rois,) + tuple(out_hw) + (x.shape[1],)
    best = xp.full(shape, -numpy.inf, dtype=acc)
    arg = xp.full(shape, -1, dtype=numpy.int32)
    for t, (corners, valid) in enumerate(taps):
        value = None
        for rows, weight in corners:
            v = table[rows]
            if weight is not None:
                v = v * weight.astype(acc)[..., None]
            value = v if value is None else value + v
        better = (value > best) & valid[..., None]
        best = xp.where(better, value, best)
        arg = xp.where(better, numpy.int32(t), arg)
    y = xp.where(arg >= 0, best, acc.type(0))
    return _channels_first(y).astype(x.dtype, copy=False), _channels_first(arg)


class ROIArgmaxGrad(FunctionNode):
    """The gradient of a ROI max op: each ``gy`` added at its bin's winning position(s).

    Args:
        positions (array): int64 flat indices into the input, shape
            ``gy.shape + (k,)`` (``k`` = 1 for a pixel, 4 for a bilinear sample).
        weights (array): the weight of each position (0 for an empty bin).
        x_shape (tuple): the shape of the forward's input (and of the result).
    """

    def __init__(self, positions, weights, x_shape):
        self.positions = positions
        self.weights = weights
        self.x_shape = tuple(x_shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("gy",))
        gy_type = in_types[0]
        type_check.expect(gy_type.dtype.kind == "f", gy_type.shape == self.positions.shape[:-1])

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        acc = accumulation_dtype(gy.dtype)
        gx = xp.zeros(int(numpy.prod(self.x_shape)), dtype=acc)
        values = gy.astype(acc)[..., None] * self.weights.astype(acc)
        _scatter_add(xp, gx, self.positions.reshape(-1), values.reshape(-1))
        return (gx.reshape(self.x_shape).astype(gy.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        node = ROIArgmaxGather(self.positions, self.weights, self.x_shape)
        return node.apply(grad_outputs)


class ROIArgmaxGather(FunctionNode):
    """The weighted sum of ``x`` at each output's recorded positions (the gradient of
    :class:`ROIArgmaxGrad`, and its gradient in turn)."""

    def __init__(self, positions, weights, x_shape):
        self.positions = positions
        self.weights = weights
        self.x_shape = tuple(x_shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.shape == self.x_shape)

    def forward(self, inputs):
        (x,) = inputs
        acc = accumulation_dtype(x.dtype)
        flat = x.reshape(-1).astype(acc, copy=False)
        y = (flat[self.positions] * self.weights.astype(acc)).sum(axis=-1)
        return (y.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        return ROIArgmaxGrad(self.positions, self.weights, self.x_shape).apply(grad_outputs)


def channel_base(xp, batch, n_channels, plane):
    """``(b * c_total + c) * plane`` broadcast to ``(R, c, 1, 1)``: the start of each channel."""
    b = batch.astype(numpy.int64)[:, None, None, None]
    c = xp.arange(n_channels, dtype=numpy.int64)[None, :, None, None]
    return (b * n_channels + c) * plane


def pixel_positions(xp, bins_y, bins_x, arg, batch, x_shape):
    """Input positions of the winning pixel taps ``arg`` (from :func:`pixel_taps`).

    Returns:
        tuple: int64 flat indices into ``x`` and their weights (1, or 0 for
        an empty bin), each of shape ``arg.shape + (1,)``.
    """
    (lo_y, _), (lo_x, n_x) = bins_y, bins_x
    n, c, h, w = x_shape
    k_x = max(int(n_x.max()) if n_x.size else 0, 1)
    won = arg >= 0
    t = xp.where(won, arg, 0).astype(numpy.int64)
    y = lo_y[:, None, :, None] + t // k_x
    x = lo_x[:, None, None, :] + t % k_x
    pos = xp.where(won, channel_base(xp, batch, c, h * w) + y * w + x, 0)
    return pos[..., None], won.astype(numpy.float64)[..., None]


def sample_positions(xp, points_y, points_x, arg, batch, x_shape):
    """Input positions of the winning bilinear samples ``arg`` (from :func:`sample_taps`).

    Returns:
        tuple: int64 flat indices into ``x`` of the four corners and their
        interpolation weights (0 for an empty bin), each ``arg.shape + (4,)``.
    """
    low_y, high_y, wl_y, wh_y, _, _ = points_y
    low_x, high_x, wl_x, wh_x, _, _ = points_x
    n, c, h, w = x_shape
    n_rois, _, out_h, out_w = arg.shape
    won = arg >= 0
    t = xp.where(won, arg, 0).astype(numpy.int64)
    iy, ix = t // low_x.shape[2], t % low_x.shape[2]
    r = xp.arange(n_rois)[:, None, None, None]
    i = xp.arange(out_h)[None, None, :, None]
    j = xp.arange(out_w)[None, None, None, :]
    base = channel_base(xp, batch, c, h * w)
    positions, weights = [], []
    for y_table, wy_table in ((low_y, wl_y), (high_y, wh_y)):
        y, wy = y_table[r, i, iy], wy_table[r, i, iy]
        for x_table, wx_table in ((low_x, wl_x), (high_x, wh_x)):
            positions.append(base + y * w + x_table[r, j, ix])
            weights.append(wy * wx_table[r, j, ix] * won)
    return xp.stack(positions, axis=-1), xp.stack(weights, axis=-1)
