"""spatial_pyramid_pooling_2d: max pooling at 1, 2, 4, ... bins per side, flattened and joined."""

from __future__ import annotations

import math

import numpy

from chainer.functions.array.concat import concat
from chainer.functions.array.reshape import reshape
from chainer.functions.pooling.max_pooling_nd import _max_pooling


def spatial_pyramid_pooling_2d(x, pyramid_height, pooling=None):
    """Spatial pyramid pooling: a feature vector whose length does not depend on the image size.

    Level ``l`` (``0 <= l < pyramid_height``) max-pools ``x`` with window
    ``k = ceil(h / 2**l)`` rows by ``ceil(w / 2**l)`` columns, stride equal to
    the window, padding ``(2**l k - h) // 2`` rows (likewise columns) and
    ``cover_all=True``, which gives ``2**l`` bins per side where the image is
    large enough. Each level's output is flattened per sample and the levels
    are concatenated along the channel axis.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        pyramid_height (int): the number of levels, at least 1.
        pooling (str): the pooling of each bin; ``'max'`` is the only one
            supported (and must be given).

    Returns:
        Variable: shape ``(n, c * sum_l b_l, 1, 1)``, the dtype of ``x``,
        where ``b_l`` is the number of bins of level ``l`` (``4**l`` where
        the image has at least ``2**l`` pixels per side).
    """
    func = "spatial_pyramid_pooling_2d"
    if pooling != "max":
        raise ValueError(f"{func}: pooling must be 'max' (the only one supported), not {pooling!r}")
    if (
        not isinstance(pyramid_height, (int, numpy.integer))
        or isinstance(pyramid_height, bool)
        or pyramid_height < 1
    ):
        raise ValueError(f"{func}: pyramid_height must be an int >= 1, not {pyramid_height!r}")
    if len(x.shape) != 4:
        raise ValueError(f"{func}: x must have shape (n, c, h, w), got shape {tuple(x.shape)}")
    h, w = x.shape[2:]
    ys = []
    for level in range(int(pyramid_height)):
        bins = 2**level
        kh, kw = math.ceil(h / bins), math.ceil(w / bins)
        pad = ((kh * bins - h) // 2, (kw * bins - w) // 2)
        y = _max_pooling(func, 2, x, (kh, kw), None, pad, True, False)
        n, c, oh, ow = y.shape
        ys.append(reshape(y, (n, c * oh * ow, 1, 1)))
    return concat(ys, axis=1)
