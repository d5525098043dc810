"""resize_images: resizes (n, c, h, w) images by bilinear or nearest-neighbour sampling."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import _scatter_add
from chainer.utils import type_check

_MODES = ("bilinear", "nearest")


def _sampling(in_size, out_size, mode, align_corners):
    """Per output index k along one axis: ``out[k] = (1 - w[k]) * in[i0[k]] + w[k] * in[i1[k]]``."""
    if mode == "nearest":
        i0 = numpy.minimum(
            numpy.floor(numpy.arange(out_size) * (in_size / out_size)), in_size - 1
        ).astype(numpy.intp)
        return i0, i0, numpy.zeros(out_size)
    if align_corners:
        # The first and last output samples fall on the first and last input pixels.
        pos = numpy.linspace(0, in_size - 1, num=out_size)
    else:
        # Pixel centres are matched (as OpenCV does), clamped at the start.
        pos = (numpy.arange(out_size) + 0.5) * (in_size / out_size) - 0.5
        pos = numpy.maximum(pos, 0)
    i0 = numpy.floor(pos).astype(numpy.intp)
    weight = pos - i0
    i1 = numpy.minimum(i0 + 1, in_size - 1)
    return i0, i1, weight


class _Sampling:
    """The sampling of both spatial axes, sent to the device of the data once."""

    def __init__(self, in_hw, out_hw, mode, align_corners):
        self.in_hw = in_hw
        self.out_hw = out_hw
        self.mode = mode
        self.align_corners = align_corners
        self._axes = (
            _sampling(in_hw[0], out_hw[0], mode, align_corners),
            _sampling(in_hw[1], out_hw[1], mode, align_corners),
        )

    def on(self, array):
        """Per axis ``(i0, i1, 1 - w, w)``, on ``array``'s device, weights in its dtype."""
        device = chainer.backend.get_device_from_array(array)
        dtype = array.dtype
        return [
            device.send((i0, i1, (1 - w).astype(dtype), w.astype(dtype)))
            for i0, i1, w in self._axes
        ]


def _bcast(weights, axis):
    # Weights along axis 2 broadcast over the last axis; along axis 3 they are last.
    return weights[:, None] if axis == 2 else weights


def _interpolate(x, sampling):
    xp = chainer.backend.get_array_module(x)
    y = x
    for axis, (i0, i1, w0, w1) in zip((2, 3), sampling.on(x)):
        if sampling.mode == "nearest":
            y = xp.take(y, i0, axis=axis)
        else:
            low = xp.take(y, i0, axis=axis) * _bcast(w0, axis)
            high = xp.take(y, i1, axis=axis) * _bcast(w1, axis)
            y = low + high
    return y


def _interpolate_transpose(gy, sampling):
    xp = chainer.backend.get_array_module(gy)
    g = gy
    # Undo the second (width) pass first, then the first (height) pass.
    for axis, (i0, i1, w0, w1), size in reversed(
        list(zip((2, 3), sampling.on(gy), sampling.in_hw))
    ):
        shape = list(g.shape)
        shape[axis] = size
        out = xp.zeros(shape, g.dtype)
        lead = (slice(None),) * axis
        if sampling.mode == "nearest":
            _scatter_add(xp, out, lead + (i0,), g)
        else:
            _scatter_add(xp, out, lead + (i0,), g * _bcast(w0, axis))
            _scatter_add(xp, out, lead + (i1,), g * _bcast(w1, axis))
        g = out
    return g


class ResizeImages(FunctionNode):
    """Resamples axes 2 and 3 of ``(n, c, h, w)`` to ``output_shape``."""

    def __init__(self, output_shape, mode="bilinear", align_corners=True):
        if (
            not isinstance(output_shape, (tuple, list))
            or len(output_shape) != 2
            or not all(
                isinstance(s, (int, numpy.integer)) and not isinstance(s, bool)
                for s in output_shape
            )
        ):
            raise TypeError(
                f"resize_images: output_shape must be a pair of ints (h_O, w_O), "
                f"not {output_shape!r}"
            )
        if min(output_shape) < 1:
            raise ValueError(
                f"resize_images: output_shape must be positive, got {tuple(output_shape)}"
            )
        if mode not in _MODES:
            raise ValueError(f"resize_images: mode must be one of {_MODES}, not {mode!r}")
        self.out_hw = (int(output_shape[0]), int(output_shape[1]))
        self.mode = mode
        self.align_corners = bool(align_corners)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types[0].dtype.kind == "f", in_types[0].ndim == 4)
        type_check.expect(in_types[0].shape[2] > 0, in_types[0].shape[3] > 0)

    def forward(self, inputs):
        (x,) = inputs
        self._sampling = _Sampling(x.shape[2:], self.out_hw, self.mode, self.align_corners)
        return (_interpolate(x, self._sampling),)

    def backward(self, indexes, grad_outputs):
        return ResizeImagesGrad(self._sampling).apply(grad_outputs)


class ResizeImagesGrad(FunctionNode):
    """The transpose of the resampling (the gradient of resize_images)."""

    def __init__(self, sampling):
        self.sampling = sampling

    def forward(self, inputs):
        return (_interpolate_transpose(inputs[0], self.sampling),)

    def backward(self, indexes, grad_outputs):
        s = self.sampling
        return ResizeImages(s.out_hw, s.mode, s.align_corners).apply(grad_outputs)


def resize_images(x, output_shape, *, mode="bilinear", align_corners=True):
    """Resizes images to ``output_shape``.

    Each output pixel samples the input at a position given by ``mode`` and
    ``align_corners``; along each spatial axis of input size ``s`` and output
    size ``s_O``, output index ``k`` maps to:

    - ``'bilinear'``, ``align_corners=True``: ``k * (s - 1) / (s_O - 1)`` (the
      corner pixels of input and output coincide);
    - ``'bilinear'``, ``align_corners=False``: ``max((k + 0.5) * s / s_O - 0.5, 0)``
      (pixel centres match, as in OpenCV);
    - ``'nearest'``: ``min(floor(k * s / s_O), s - 1)`` (``align_corners`` is not
      used).

    Bilinear mode weights the two neighbouring input pixels of each axis by
    the distance to them.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        output_shape (tuple of ints): ``(h_O, w_O)``, height first (the
            opposite of OpenCV's order).
        mode (str): ``'bilinear'`` or ``'nearest'``.
        align_corners (bool): see above.

    Returns:
        Variable: shape ``(n, c, h_O, w_O)``, same dtype.
    """
    return ResizeImages(output_shape, mode, align_corners).apply((x,))[0]
