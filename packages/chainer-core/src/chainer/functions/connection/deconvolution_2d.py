"""deconvolution_2d: 2-dimensional transposed convolution (:func:`deconvolution_nd`, 2 axes)."""

from __future__ import annotations

from chainer.functions.connection import _kwargs
from chainer.functions.connection.deconvolution_nd import _deconvolution


def deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, **kwargs):
    """2-dimensional deconvolution (transposed convolution) of images ``x`` by ``W``, plus ``b``.

    The gradient of :func:`convolution_2d` with respect to its input: pixel
    ``x[b, c, i, j]`` (``c`` in group ``g``) adds ``x[b, c, i, j] * W[c, o, u, v]``
    to output channel ``g * c_O / G + o`` at ``(i * s_y - p_h + u * t_y,
    j * s_x - p_w + v * t_x)``; contributions outside the output are dropped.
    Without ``outsize`` the output height is ``s_y (h - 1) + (k_H - 1) t_y + 1 - 2 p_h``
    (the width likewise); ``outsize`` may ask for a larger size as long as
    :func:`convolution_2d` with the same settings maps it back to ``(h, w)``.

    Args:
        x (Variable or array): floating-point images ``(n, c_I, h, w)``.
        W (Variable or array): floating-point filters ``(c_I, c_O / G, k_H, k_W)``;
            its dtype may differ from ``x``'s (the product runs in ``x``'s dtype).
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or pair of ints): the stride ``(s_y, s_x)``.
        pad (int or pair of ints): the padding ``(p_h, p_w)`` cropped from both sides.
        outsize (None or pair of ints): the output size ``(h_O, w_O)``.
        **kwargs: ``dilate`` (int or pair of ints, default 1), the dilation
            ``(t_y, t_x)``; ``groups`` (int, default 1), the number ``G`` of
            channel groups. ``deterministic`` and ``use_cudnn`` are rejected
            with a ValueError naming the configuration that replaced them.

    Returns:
        Variable: ``(n, c_O, h_O, w_O)``, ``x``'s dtype.
    """
    dilate, groups = _kwargs.dilate_and_groups("deconvolution_2d", kwargs)
    return _deconvolution("deconvolution_2d", 2, x, W, b, stride, pad, outsize, dilate, groups)
