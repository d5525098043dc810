"""convolution_2d: 2-dimensional convolution (:func:`convolution_nd` with two spatial axes)."""

from __future__ import annotations

from chainer.functions.connection import _kwargs
from chainer.functions.connection.convolution_nd import _convolution


def convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, **kwargs):
    """2-dimensional convolution (cross-correlation) of images ``x`` with filters ``W``, plus ``b``.

    With stride ``(s_y, s_x)``, padding ``(p_h, p_w)``, dilation ``(t_y, t_x)``
    and ``G`` groups, output channel ``o`` (in group ``g``) at ``(i, j)`` is::

        y[b, o, i, j] = b[o] + sum over c < c_I / G, u < k_H, v < k_W of
            W[o, c, u, v] * x[b, g * c_I / G + c, i * s_y - p_h + u * t_y, j * s_x - p_w + v * t_x]

    reading ``x`` as zero outside the image. The output height is
    ``(h + 2 p_h - (k_H - 1) t_y - 1) // s_y + 1`` (the width likewise), or with
    ``cover_all`` the smallest size whose windows reach every pixel.

    Args:
        x (Variable or array): floating-point images ``(n, c_I, h, w)``.
        W (Variable or array): floating-point filters ``(c_O, c_I / G, k_H, k_W)``;
            its dtype may differ from ``x``'s (the product runs in ``x``'s dtype).
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or pair of ints): the stride ``(s_y, s_x)``.
        pad (int or pair of ints): zero padding ``(p_h, p_w)`` on both sides.
        cover_all (bool): add a last partial window where the windows would
            leave pixels unread.
        **kwargs: ``dilate`` (int or pair of ints, default 1), the dilation
            ``(t_y, t_x)``; ``groups`` (int, default 1), the number ``G`` of
            channel groups. ``deterministic`` and ``use_cudnn`` are rejected
            with a ValueError naming the configuration that replaced them.

    Returns:
        Variable: ``(n, c_O, h_O, w_O)``, ``x``'s dtype.
    """
    dilate, groups = _kwargs.dilate_and_groups("convolution_2d", kwargs)
    return _convolution("convolution_2d", 2, x, W, b, stride, pad, cover_all, dilate, groups)
