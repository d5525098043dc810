"""roi_average_pooling_2d: the mean over each bin of each region of interest."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _roi

_FUNC = "roi_average_pooling_2d"


class ROIAveragePooling2D(FunctionNode):
    """ROI average pooling of ``(x, rois, roi_indices)``.

    Args:
        outsize, spatial_scale: see :func:`roi_average_pooling_2d`.
    """

    def __init__(self, outsize, spatial_scale):
        self.outh, self.outw = _roi.outsize_pair(outsize, _FUNC)
        self.spatial_scale = _roi.positive_scale(spatial_scale, _FUNC)

    def fresh(self):
        """A new node with the same settings."""
        return ROIAveragePooling2D((self.outh, self.outw), self.spatial_scale)

    def check_type_forward(self, in_types):
        _roi.check_roi_types(in_types)

    def taps(self, xp, rois, roi_indices, x_shape):
        """``(rows, weight)`` per pixel offset inside the bins; weight = 1 / bin area."""
        h, w = x_shape[2:]
        scale = self.spatial_scale
        bins_y = _roi.pixel_bins(xp, rois[:, 0], rois[:, 2], scale, self.outh, h, False)
        bins_x = _roi.pixel_bins(xp, rois[:, 1], rois[:, 3], scale, self.outw, w, False)
        area = bins_y[1][:, :, None] * bins_x[1][:, None, :]
        inverse_area = 1.0 / xp.maximum(area, 1)
        for rows, valid in _roi.pixel_taps(xp, bins_y, bins_x, roi_indices, h, w):
            yield rows, valid * inverse_area

    def forward(self, inputs):
        x, rois, roi_indices = inputs
        xp = chainer.backend.get_array_module(x)
        self.retain_inputs((1, 2))
        taps = self.taps(xp, rois, roi_indices, x.shape)
        return (_roi.linear_forward(x, taps, rois.shape[0], (self.outh, self.outw)),)

    def backward(self, indexes, grad_outputs):
        rois, roi_indices = (v.array for v in self.get_retained_inputs())
        node = ROIAveragePooling2DGrad(self, rois, roi_indices, self.inputs[0].shape)
        return node.apply(grad_outputs)[0], None, None


class ROIAveragePooling2DGrad(_roi.ROILinearGrad):
    """The gradient of :class:`ROIAveragePooling2D`: ``gy / area`` spread over each bin."""


def roi_average_pooling_2d(x, rois, roi_indices, outsize, spatial_scale):
    """Average pooling over a fixed grid of bins of each region of interest.

    The bins are those of :func:`roi_max_pooling_2d` (boxes ``(y_min, x_min,
    y_max, x_max)`` scaled by ``spatial_scale`` and rounded to pixels); each
    output is the mean of its bin per channel, or 0 for a bin that lies
    outside the image.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 4)``, the dtype of ``x``.
        roi_indices (Variable or array): int32 image index of each box, ``(R,)``.
        outsize (int or pair of ints): the number of bins ``(out_h, out_w)``.
        spatial_scale (float): the factor from box coordinates to ``x``'s pixels.

    Returns:
        Variable: shape ``(R, c, out_h, out_w)``, the dtype of ``x``. The
        gradient flows to ``x`` only.
    """
    return ROIAveragePooling2D(outsize, spatial_scale).apply((x, rois, roi_indices))[0]
