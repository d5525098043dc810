"""im2col: extracts the patches a 2-d convolution sees, as channels."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import get_conv_outsize, type_check


def _pair(value, name, minimum):
    if isinstance(value, (int, numpy.integer)) and not isinstance(value, bool):
        pair = (int(value), int(value))
    elif (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, (int, numpy.integer)) and not isinstance(v, bool) for v in value)
    ):
        pair = (int(value[0]), int(value[1]))
    else:
        raise TypeError(f"im2col: {name} must be an int or a pair of ints, not {value!r}")
    if min(pair) < minimum:
        raise ValueError(f"im2col: {name} must be at least {minimum}, got {value!r}")
    return pair


def _out_sizes(h, w, p):
    out_h = get_conv_outsize(h, p.kh, p.sy, p.ph, p.cover_all, p.dy)
    out_w = get_conv_outsize(w, p.kw, p.sx, p.pw, p.cover_all, p.dx)
    return out_h, out_w


class _Params:
    """The patch geometry: kernel, stride, padding, dilation, cover_all."""

    def __init__(self, ksize, stride, pad, cover_all, dilate):
        self.kh, self.kw = _pair(ksize, "ksize", 1)
        self.sy, self.sx = _pair(stride, "stride", 1)
        self.ph, self.pw = _pair(pad, "pad", 0)
        self.dy, self.dx = _pair(dilate, "dilate", 1)
        self.cover_all = bool(cover_all)


def _windows(p, out_h, out_w):
    """(row slice, column slice) into the padded image for each kernel position."""
    for j in range(p.kh):
        rows = slice(j * p.dy, j * p.dy + p.sy * out_h, p.sy)
        for i in range(p.kw):
            yield j, i, rows, slice(i * p.dx, i * p.dx + p.sx * out_w, p.sx)


def _im2col(x, p):
    xp = chainer.backend.get_array_module(x)
    n, c, h, w = x.shape
    out_h, out_w = _out_sizes(h, w, p)
    # The extra stride - 1 rows/columns hold the partial windows of cover_all.
    img = xp.pad(x, ((0, 0), (0, 0), (p.ph, p.ph + p.sy - 1), (p.pw, p.pw + p.sx - 1)))
    col = xp.empty((n, c, p.kh, p.kw, out_h, out_w), dtype=x.dtype)
    for j, i, rows, cols in _windows(p, out_h, out_w):
        col[:, :, j, i] = img[:, :, rows, cols]
    return col.reshape(n, c * p.kh * p.kw, out_h, out_w)


def _col2im(col, p, h, w):
    xp = chainer.backend.get_array_module(col)
    n, ckk, out_h, out_w = col.shape
    c = ckk // (p.kh * p.kw)
    col = col.reshape(n, c, p.kh, p.kw, out_h, out_w)
    img = xp.zeros((n, c, h + 2 * p.ph + p.sy - 1, w + 2 * p.pw + p.sx - 1), dtype=col.dtype)
    for j, i, rows, cols in _windows(p, out_h, out_w):
        img[:, :, rows, cols] += col[:, :, j, i]
    return xp.ascontiguousarray(img[:, :, p.ph : p.ph + h, p.pw : p.pw + w])


class Im2Col(FunctionNode):
    """``(n, c, h, w) -> (n, c * kh * kw, out_h, out_w)``: one channel per (channel, kernel row,
    kernel column)."""

    def __init__(self, ksize, stride=1, pad=0, cover_all=False, dilate=1):
        self.params = _Params(ksize, stride, pad, cover_all, dilate)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim == 4)
        shape = type_check.eval(x_type.shape)
        out_h, out_w = _out_sizes(shape[2], shape[3], self.params)
        if out_h <= 0 or out_w <= 0:
            p = self.params
            raise type_check.InvalidType(
                "output height and width > 0 (the dilated kernel "
                f"({(p.kh - 1) * p.dy + 1}, {(p.kw - 1) * p.dx + 1}) must fit into x padded by "
                f"({p.ph}, {p.pw}) on each side)",
                f"x.shape == {tuple(shape)} gives an output of {out_h} x {out_w}",
            )

    def forward(self, inputs):
        (x,) = inputs
        self._in_hw = x.shape[2:]
        return (_im2col(x, self.params),)

    def backward(self, indexes, grad_outputs):
        return Im2ColGrad(self.params, self._in_hw).apply(grad_outputs)


class Im2ColGrad(FunctionNode):
    """Sums each patch entry back onto the pixel it came from (col2im; the gradient of im2col)."""

    def __init__(self, params, in_hw):
        self.params = params
        self.in_hw = in_hw

    def forward(self, inputs):
        return (_col2im(inputs[0], self.params, *self.in_hw),)

    def backward(self, indexes, grad_outputs):
        p = self.params
        node = Im2Col((p.kh, p.kw), (p.sy, p.sx), (p.ph, p.pw), p.cover_all, (p.dy, p.dx))
        return node.apply(grad_outputs)


def im2col(x, ksize, stride=1, pad=0, cover_all=False, dilate=1):
    """Extracts the patches a 2-d convolution with these settings would see.

    Output channel ``(k * kh + a) * kw + b`` at output pixel ``(i, j)`` is input
    channel ``k`` at row ``i * sy - ph + a * dy`` and column ``j * sx - pw + b * dx``
    (zero outside the input), for kernel position ``(a, b)``.

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): the kernel size ``(kh, kw)``.
        stride (int or pair of ints): the stride ``(sy, sx)``.
        pad (int or pair of ints): zero padding ``(ph, pw)`` on each side.
        cover_all (bool): add a last partial window where needed so that
            every pixel is covered (as ``convolution_2d`` with ``cover_all``).
        dilate (int or pair of ints): the dilation ``(dy, dx)``.

    Returns:
        Variable: shape ``(n, c * kh * kw, out_h, out_w)``, same dtype, where
        ``out_h`` and ``out_w`` are given by
        :func:`chainer.utils.get_conv_outsize`.
    """
    return Im2Col(ksize, stride, pad, cover_all, dilate).apply((x,))[0]
