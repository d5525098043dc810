"""roi_average_align_2d: RoIAlign (Mask R-CNN), the mean of bilinear samples in each bin."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _roi

_FUNC = "roi_average_align_2d"


def sample_grid(xp, rois, x_shape, outsize, spatial_scale, sampling_ratio):
    """The bilinear sample points of each axis (see ``_roi.sample_points``)."""
    h, w = x_shape[2:]
    (out_h, out_w), (ratio_h, ratio_w) = outsize, sampling_ratio
    return (
        _roi.sample_points(xp, rois[:, 0], rois[:, 2], spatial_scale, out_h, h, ratio_h),
        _roi.sample_points(xp, rois[:, 1], rois[:, 3], spatial_scale, out_w, w, ratio_w),
    )


class ROIAverageAlign2D(FunctionNode):
    """ROI average align of ``(x, rois, roi_indices)``.

    Args:
        outsize, spatial_scale, sampling_ratio: see :func:`roi_average_align_2d`.
    """

    def __init__(self, outsize, spatial_scale, sampling_ratio=None):
        self.outh, self.outw = _roi.outsize_pair(outsize, _FUNC)
        self.spatial_scale = _roi.positive_scale(spatial_scale, _FUNC)
        self.sampling_ratio = _roi.sampling_pair(sampling_ratio, _FUNC)

    def fresh(self):
        """A new node with the same settings."""
        return ROIAverageAlign2D((self.outh, self.outw), self.spatial_scale, self.sampling_ratio)

    def check_type_forward(self, in_types):
        _roi.check_roi_types(in_types)

    def taps(self, xp, rois, roi_indices, x_shape):
        """``(rows, weight)`` per sample corner; weight = interpolation weight / samples."""
        points_y, points_x = sample_grid(
            xp, rois, x_shape, (self.outh, self.outw), self.spatial_scale, self.sampling_ratio
        )
        count = (points_y[5] * points_x[5]).astype(float)[:, None, None]
        h, w = x_shape[2:]
        for corners, _ in _roi.sample_taps(xp, points_y, points_x, roi_indices, h, w):
            for rows, weight in corners:
                yield rows, weight / count

    def forward(self, inputs):
        x, rois, roi_indices = inputs
        xp = chainer.backend.get_array_module(x)
        self.retain_inputs((1, 2))
        taps = self.taps(xp, rois, roi_indices, x.shape)
        return (_roi.linear_forward(x, taps, rois.shape[0], (self.outh, self.outw)),)

    def backward(self, indexes, grad_outputs):
        rois, roi_indices = (v.array for v in self.get_retained_inputs())
        node = ROIAverageAlign2DGrad(self, rois, roi_indices, self.inputs[0].shape)
        return node.apply(grad_outputs)[0], None, None


class ROIAverageAlign2DGrad(_roi.ROILinearGrad):
    """The gradient of :class:`ROIAverageAlign2D`: ``gy`` spread over each bin's samples."""


def roi_average_align_2d(x, rois, roi_indices, outsize, spatial_scale, sampling_ratio=None):
    """RoIAlign: the mean of bilinearly interpolated samples in each bin of each ROI.

    ROI ``r`` is the box ``rois[r] = (y_min, x_min, y_max, x_max)`` of image
    ``roi_indices[r]``, scaled by ``spatial_scale`` without rounding; its
    height ``max(y_max - y_min, 1)`` is cut into ``out_h`` bins (likewise
    the width), each sampled on a grid of ``g_h x g_w`` points at the
    centers of equal sub-bins, ``g = sampling_ratio`` or, where None,
    ``ceil(roi height / out_h)`` (``ceil(roi width / out_w)``) per ROI. A
    sample is the bilinear interpolation of ``x`` at its point (clamped to
    the image; a point more than one pixel outside counts as 0), and each
    output is the sum of its bin's samples divided by ``g_h * g_w``.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 4)``, the dtype of ``x``.
        roi_indices (Variable or array): int32 image index of each box, ``(R,)``.
        outsize (int or pair of ints): the number of bins ``(out_h, out_w)``.
        spatial_scale (float): the factor from box coordinates to ``x``'s pixels.
        sampling_ratio (None, int or pair): samples per bin along each axis;
            None (or a None entry) chooses it per ROI as above.

    Returns:
        Variable: shape ``(R, c, out_h, out_w)``, the dtype of ``x``. The
        gradient flows to ``x`` only.
    """
    node = ROIAverageAlign2D(outsize, spatial_scale, sampling_ratio)
    return node.apply((x, rois, roi_indices))[0]
