"""average_pooling_2d: the mean over each window of the two spatial axes (AveragePoolingND)."""

from __future__ import annotations

from chainer.functions.pooling.average_pooling_nd import AveragePoolingND


def average_pooling_2d(x, ksize, stride=None, pad=0):
    """Spatial average pooling of images.

    Output ``y[i, j, p, q]`` is the sum of ``x[i, j]`` over the window of
    rows ``p * sy - ph ... p * sy - ph + kh - 1`` and columns
    ``q * sx - pw ... q * sx - pw + kw - 1``, divided by ``kh * kw``:
    padding counts as zeros (see :func:`average_pooling_nd` with
    ``pad_value=None`` to leave it out).

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): the window size ``(kh, kw)``.
        stride (int, pair of ints or None): the step ``(sy, sx)`` between
            windows; None means ``stride = ksize``.
        pad (int or pair of ints): the zero padding ``(ph, pw)`` on each side.

    Returns:
        Variable: shape ``(n, c, (h + 2 ph - kh) // sy + 1, (w + 2 pw - kw) // sx + 1)``,
        the dtype of ``x``.
    """
    return AveragePoolingND(2, ksize, stride, pad, 0, func="average_pooling_2d").apply((x,))[0]
