"""roi_max_align_2d: the maximum of bilinear samples in each bin of each region of interest."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _roi
from chainer.functions.pooling.roi_average_align_2d import sample_grid

_FUNC = "roi_max_align_2d"


class ROIMaxAlign2D(FunctionNode):
    """ROI max align of ``(x, rois, roi_indices)``; records each bin's winning sample.

    Args:
        outsize, spatial_scale, sampling_ratio: see :func:`roi_max_align_2d`.
    """

    def __init__(self, outsize, spatial_scale, sampling_ratio=None):
        self.outh, self.outw = _roi.outsize_pair(outsize, _FUNC)
        self.spatial_scale = _roi.positive_scale(spatial_scale, _FUNC)
        self.sampling_ratio = _roi.sampling_pair(sampling_ratio, _FUNC)

    def check_type_forward(self, in_types):
        _roi.check_roi_types(in_types)

    def forward(self, inputs):
        x, rois, roi_indices = inputs
        xp = chainer.backend.get_array_module(x)
        h, w = x.shape[2:]
        self._x_shape = x.shape
        self._batch = roi_indices
        self._points = sample_grid(
            xp, rois, x.shape, (self.outh, self.outw), self.spatial_scale, self.sampling_ratio
        )
        taps = _roi.sample_taps(xp, *self._points, roi_indices, h, w)
        y, self.argmax_data = _roi.argmax_forward(x, taps, rois.shape[0], (self.outh, self.outw))
        return (y,)

    def backward(self, indexes, grad_outputs):
        xp = chainer.backend.get_array_module(self.argmax_data)
        positions, weights = _roi.sample_positions(
            xp, *self._points, self.argmax_data, self._batch, self._x_shape
        )
        gx = ROIMaxAlign2DGrad(positions, weights, self._x_shape).apply(grad_outputs)[0]
        return gx, None, None


class ROIMaxAlign2DGrad(_roi.ROIArgmaxGrad):
    """The gradient of :class:`ROIMaxAlign2D`: ``gy`` spread over the winning sample's pixels."""


def roi_max_align_2d(x, rois, roi_indices, outsize, spatial_scale, sampling_ratio=None):
    """The maximum of bilinearly interpolated samples in each bin of each ROI.

    The bins and sample points are those of :func:`roi_average_align_2d`;
    each output is the largest sample of its bin (points more than one pixel
    outside the image are skipped), or 0 where a bin has no valid sample.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes ``(y_min, x_min, y_max, x_max)`` of
            shape ``(R, 4)``, the dtype of ``x``.
        roi_indices (Variable or array): int32 image index of each box, ``(R,)``.
        outsize (int or pair of ints): the number of bins ``(out_h, out_w)``.
        spatial_scale (float): the factor from box coordinates to ``x``'s pixels.
        sampling_ratio (None, int or pair): samples per bin along each axis;
            None (or a None entry) chooses ``ceil(roi size / bins)`` per ROI.

    Returns:
        Variable: shape ``(R, c, out_h, out_w)``, the dtype of ``x``. The
        gradient flows to ``x`` only, to the four pixels of each bin's
        winning sample with their interpolation weights.
    """
    node = ROIMaxAlign2D(outsize, spatial_scale, sampling_ratio)
    return node.apply((x, rois, roi_indices))[0]
