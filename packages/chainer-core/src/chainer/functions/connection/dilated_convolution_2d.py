"""dilated_convolution_2d: 2-dimensional convolution with a dilated filter."""

from __future__ import annotations

from chainer.functions.connection.convolution_nd import _convolution


def dilated_convolution_2d(x, W, b=None, stride=1, pad=0, dilate=1, cover_all=False):
    """2-dimensional convolution whose filter taps are ``dilate`` pixels apart.

    The same as ``convolution_2d(x, W, b, stride, pad, cover_all, dilate=dilate)``:
    a ``k_H x k_W`` filter with dilation ``(t_y, t_x)`` covers
    ``((k_H - 1) t_y + 1) x ((k_W - 1) t_x + 1)`` pixels and reads every ``t``-th one.

    Args:
        x (Variable or array): floating-point images ``(n, c_I, h, w)``.
        W (Variable or array): floating-point filters ``(c_O, c_I, k_H, k_W)``.
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or pair of ints): the stride ``(s_y, s_x)``.
        pad (int or pair of ints): zero padding ``(p_h, p_w)`` on both sides.
        dilate (int or pair of ints): the dilation ``(t_y, t_x)``.
        cover_all (bool): add a last partial window where the windows would
            leave pixels unread.

    Returns:
        Variable: ``(n, c_O, h_O, w_O)`` with
        ``h_O = (h + 2 p_h - (k_H - 1) t_y - 1) // s_y + 1`` (``w_O`` likewise),
        ``x``'s dtype.
    """
    return _convolution("dilated_convolution_2d", 2, x, W, b, stride, pad, cover_all, dilate, 1)
