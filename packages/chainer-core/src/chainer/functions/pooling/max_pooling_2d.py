"""max_pooling_2d: the maximum over each window of the two spatial axes (MaxPoolingND, N = 2)."""

from __future__ import annotations

from chainer.functions.pooling.max_pooling_nd import _max_pooling


def max_pooling_2d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """Spatial max pooling of images.

    Output ``y[i, j, p, q]`` is the maximum of ``x[i, j]`` over the window of
    rows ``p * sy - ph ... p * sy - ph + kh - 1`` and columns
    ``q * sx - pw ... q * sx - pw + kw - 1`` (positions outside the image are
    padding, which never wins).

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): the window size ``(kh, kw)``.
        stride (int, pair of ints or None): the step ``(sy, sx)`` between
            windows; None means ``stride = ksize``.
        pad (int or pair of ints): the padding ``(ph, pw)`` on each side.
        cover_all (bool): if True, a last partial window is added where the
            windows would leave the bottom or right edge uncovered, so
            ``out_h = (h + 2 ph - kh + sy - 1) // sy + 1`` instead of
            ``(h + 2 ph - kh) // sy + 1`` (likewise ``out_w``).
        return_indices (bool): also return, for each output, the offset
            ``a * kw + b`` of its maximum at row ``a``, column ``b`` of its
            window, as an int32 array of the output's shape (the
            ``indexes`` of :func:`upsampling_2d`).

    Returns:
        Variable, or (Variable, array) with ``return_indices``: the output of
        shape ``(n, c, out_h, out_w)`` and the dtype of ``x``, and the
        indices. The gradient flows to the position of each window's maximum
        (the first one on ties).
    """
    return _max_pooling("max_pooling_2d", 2, x, ksize, stride, pad, cover_all, return_indices)
