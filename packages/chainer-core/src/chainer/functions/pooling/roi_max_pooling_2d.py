"""roi_max_pooling_2d: the maximum over each bin of each region of interest (Fast R-CNN)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _roi

_FUNC = "roi_max_pooling_2d"


class ROIMaxPooling2D(FunctionNode):
    """ROI max pooling of ``(x, rois, roi_indices)``; records each bin's winning pixel.

    Args:
        outsize, spatial_scale: see :func:`roi_max_pooling_2d`.
    """

    def __init__(self, outsize, spatial_scale):
        self.outh, self.outw = _roi.outsize_pair(outsize, _FUNC)
        self.spatial_scale = _roi.positive_scale(spatial_scale, _FUNC)

    def check_type_forward(self, in_types):
        _roi.check_roi_types(in_types)

    def forward(self, inputs):
        x, rois, roi_indices = inputs
        xp = chainer.backend.get_array_module(x)
        h, w = x.shape[2:]
        self._x_shape = x.shape
        self._batch = roi_indices
        self._bins = (
            _roi.pixel_bins(xp, rois[:, 0], rois[:, 2], self.spatial_scale, self.outh, h, False),
            _roi.pixel_bins(xp, rois[:, 1], rois[:, 3], self.spatial_scale, self.outw, w, False),
        )
        taps = (
            ([(rows, None)], valid)
            for rows, valid in _roi.pixel_taps(xp, *self._bins, roi_indices, h, w)
        )
        y, self.argmax_data = _roi.argmax_forward(x, taps, rois.shape[0], (self.outh, self.outw))
        return (y,)

    def backward(self, indexes, grad_outputs):
        xp = chainer.backend.get_array_module(self.argmax_data)
        positions, weights = _roi.pixel_positions(
            xp, *self._bins, self.argmax_data, self._batch, self._x_shape
        )
        gx = ROIMaxPooling2DGrad(positions, weights, self._x_shape).apply(grad_outputs)[0]
        return gx, None, None


class ROIMaxPooling2DGrad(_roi.ROIArgmaxGrad):
    """The gradient of :class:`ROIMaxPooling2D`: ``gy`` added at each bin's maximum."""


def roi_max_pooling_2d(x, rois, roi_indices, outsize, spatial_scale):
    """Max pooling over a fixed grid of bins of each region of interest.

    ROI ``r`` is the box ``rois[r] = (y_min, x_min, y_max, x_max)`` of image
    ``roi_indices[r]``, scaled by ``spatial_scale`` and rounded to pixels
    (halves away from zero). Its height ``max(y_max - y_min, 1)`` is cut into
    ``out_h`` bins of equal real height; bin ``i`` takes the rows
    ``floor(i * bh) ... ceil((i + 1) * bh) - 1`` from ``y_min``, clipped to the
    image (likewise for columns). Each output is the maximum of its bin per
    channel, or 0 for a bin that lies outside the image.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 4)``, the dtype of ``x``.
        roi_indices (Variable or array): int32 image index of each box, ``(R,)``.
        outsize (int or pair of ints): the number of bins ``(out_h, out_w)``.
        spatial_scale (float): the factor from box coordinates to ``x``'s
            pixels (e.g. 1/16 for a stride-16 feature map).

    Returns:
        Variable: shape ``(R, c, out_h, out_w)``, the dtype of ``x``. The
        gradient flows to ``x`` only, at each bin's maximum.
    """
    return ROIMaxPooling2D(outsize, spatial_scale).apply((x, rois, roi_indices))[0]
