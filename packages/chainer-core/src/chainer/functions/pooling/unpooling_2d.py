"""unpooling_2d: each pixel copied over its whole window of the two spatial axes (UnpoolingND)."""

from __future__ import annotations

from chainer.functions.pooling.unpooling_nd import _unpooling


def unpooling_2d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Spatial unpooling of images: the inverse layout of :func:`max_pooling_2d`.

    Pixel ``x[i, j, p, q]`` is copied to every position of its window of the
    output, rows ``p * sy - ph ... p * sy - ph + kh - 1`` and columns
    ``q * sx - pw ... q * sx - pw + kw - 1`` (positions outside the output
    are dropped); where windows overlap, the copies add up.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): the window size ``(kh, kw)``.
        stride (int, pair of ints or None): the step ``(sy, sx)`` between
            windows; None means ``stride = ksize``.
        pad (int or pair of ints): what is cut off each border, ``(ph, pw)``.
        outsize (None, int or pair of ints): the output size ``(out_h,
            out_w)``; None means ``sy (h - 1) + kh - sy + 1 - 2 ph`` with
            ``cover_all`` and ``sy (h - 1) + kh - 2 ph`` without (likewise
            ``out_w``). A given size must pool back to ``(h, w)``.
        cover_all (bool): whether the matching pooling used ``cover_all``.

    Returns:
        Variable: shape ``(n, c, out_h, out_w)``, the dtype of ``x``.
    """
    # As in Chainer v7, a 2-d unpooling of the wrong rank fails the type check.
    return _unpooling("unpooling_2d", 2, x, ksize, stride, pad, outsize, cover_all, False)
