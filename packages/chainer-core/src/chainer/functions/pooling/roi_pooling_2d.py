"""roi_pooling_2d: Fast R-CNN ROI max pooling, boxes ``(batch, x_min, y_min, x_max, y_max)``."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _roi
from chainer.utils import type_check

_FUNC = "roi_pooling_2d"


class ROIPooling2D(FunctionNode):
    """ROI max pooling of ``(x, rois)``; records each bin's winning pixel.

    Args:
        outh, outw, spatial_scale: see :func:`roi_pooling_2d`.
    """

    def __init__(self, outh, outw, spatial_scale):
        self.outh = _roi.outsize_pair(outh, _FUNC, "outh")[0]
        self.outw = _roi.outsize_pair(outw, _FUNC, "outw")[0]
        self.spatial_scale = _roi.positive_scale(spatial_scale, _FUNC)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "rois"))
        x_type, roi_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            x_type.ndim == 4,
            roi_type.dtype == x_type.dtype,
            roi_type.ndim == 2,
            roi_type.shape[1] == 5,
        )

    def forward(self, inputs):
        x, rois = inputs
        xp = chainer.backend.get_array_module(x)
        h, w = x.shape[2:]
        self._x_shape = x.shape
        self._batch = rois[:, 0].astype(numpy.int64)
        self._bins = (
            _roi.pixel_bins(xp, rois[:, 2], rois[:, 4], self.spatial_scale, self.outh, h, True),
            _roi.pixel_bins(xp, rois[:, 1], rois[:, 3], self.spatial_scale, self.outw, w, True),
        )
        taps = (
            ([(rows, None)], valid)
            for rows, valid in _roi.pixel_taps(xp, *self._bins, self._batch, h, w)
        )
        y, self.argmax_data = _roi.argmax_forward(x, taps, rois.shape[0], (self.outh, self.outw))
        return (y,)

    def backward(self, indexes, grad_outputs):
        xp = chainer.backend.get_array_module(self.argmax_data)
        positions, weights = _roi.pixel_positions(
            xp, *self._bins, self.argmax_data, self._batch, self._x_shape
        )
        gx = ROIPooling2DGrad(positions, weights, self._x_shape).apply(grad_outputs)[0]
        return gx, None


class ROIPooling2DGrad(_roi.ROIArgmaxGrad):
    """The gradient of :class:`ROIPooling2D`: ``gy`` added at each bin's maximum."""


def roi_pooling_2d(x, rois, outh, outw, spatial_scale):
    """Max pooling over a fixed grid of bins of each region of interest (Fast R-CNN).

    ROI ``r`` is ``rois[r] = (batch_index, x_min, y_min, x_max, y_max)``: the
    box of image ``batch_index``, with corners scaled by ``spatial_scale`` and
    rounded to pixels (halves away from zero), both corners included. Its
    height ``max(y_max - y_min + 1, 1)`` is cut into ``outh`` bins of equal
    real height; bin ``i`` takes the rows ``floor(i * bh) ... ceil((i + 1) * bh) - 1``
    from ``y_min``, clipped to the image (likewise for columns). Each output
    is the maximum of its bin per channel, or 0 for a bin outside the image.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 5)``, the dtype of ``x``.
        outh (int): the number of bins along the height.
        outw (int): the number of bins along the width.
        spatial_scale (float): the factor from box coordinates to ``x``'s pixels.

    Returns:
        Variable: shape ``(R, c, outh, outw)``, the dtype of ``x``. The
        gradient flows to ``x`` only, at each bin's maximum.
    """
    return ROIPooling2D(outh, outw, spatial_scale).apply((x, rois))[0]
