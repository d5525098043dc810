"""local_convolution_2d: a 2-d convolution whose filter differs at every output pixel.

The forward, the data gradient and the weight gradient are three FunctionNode
classes, each one batched matrix product over the output pixels (``P =
out_h * out_w`` products of ``(N, C*kh*kw)`` by ``(C*kh*kw, O)``); each node's
backward is built from the other two.
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.connection._int_pairs import int_pair
from chainer.functions.connection.linear import _dot
from chainer.utils import type_check


def _patches(x, kh, kw, sy, sx, out_h, out_w):
    """``(P, N, C*kh*kw)``: the patch each output pixel sees, one C-contiguous copy."""
    xp = chainer.backend.get_array_module(x)
    n, c = x.shape[:2]
    s_n, s_c, s_h, s_w = x.strides
    view = xp.lib.stride_tricks.as_strided(
        x,
        shape=(out_h, out_w, n, c, kh, kw),
        strides=(s_h * sy, s_w * sx, s_n, s_c, s_h, s_w),
    )
    return view.reshape(out_h * out_w, n, c * kh * kw)


def _fold(gcol, x_shape, kh, kw, sy, sx, out_h, out_w):
    """Sums ``(P, N, C*kh*kw)`` patch gradients back onto the pixels they came from."""
    xp = chainer.backend.get_array_module(gcol)
    n, c, h, w = x_shape
    gcol = gcol.reshape(out_h, out_w, n, c, kh, kw)
    gx = xp.zeros(x_shape, dtype=gcol.dtype)
    for i in range(kh):
        rows = slice(i, i + sy * (out_h - 1) + 1, sy)
        for j in range(kw):
            cols = slice(j, j + sx * (out_w - 1) + 1, sx)
            gx[:, :, rows, cols] += gcol[:, :, :, :, i, j].transpose(2, 3, 0, 1)
    return gx


def _rows_first(gy):
    """``(N, O, out_h, out_w) -> (P, N, O)``, C-contiguous."""
    xp = chainer.backend.get_array_module(gy)
    n, o = gy.shape[:2]
    return xp.ascontiguousarray(gy.reshape(n, o, -1).transpose(2, 0, 1))


class LocalConvolution2DFunction(FunctionNode):
    """``y[n, o, i, j] = sum_{c,a,b} x[n, c, i*sy + a, j*sx + b] W[o, i, j, c, a, b]``.

    With a third input ``b``, ``b[o, i, j]`` is added.
    """

    def __init__(self, stride=1):
        self.stride = int_pair(stride, "local_convolution_2d", "stride", minimum=1)

    @property
    def label(self):
        return "LocalConvolution2DFunction"

    def check_type_forward(self, in_types):
        n_in = type_check.eval(in_types.size())
        if n_in not in (2, 3):
            raise type_check.InvalidType("in_types.size in {2, 3}", f"in_types.size == {n_in}")
        type_check._argname(in_types, ("x", "W", "b")[:n_in])
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype == x_type.dtype,
            x_type.ndim == 4,
            w_type.ndim == 6,
            x_type.shape[1] == w_type.shape[3],
        )
        sy, sx = self.stride
        x_shape = type_check.eval(x_type.shape)
        w_shape = type_check.eval(w_type.shape)
        kh, kw = w_shape[4:]
        out_h = (x_shape[2] - kh) // sy + 1
        out_w = (x_shape[3] - kw) // sx + 1
        if (out_h, out_w) != tuple(w_shape[1:3]) or out_h <= 0 or out_w <= 0:
            raise type_check.InvalidType(
                "W.shape[1:3] == the output size ((h - kh) // sy + 1, (w - kw) // sx + 1)",
                f"x.shape == {tuple(x_shape)}, W.shape == {tuple(w_shape)} and stride "
                f"{self.stride} give an output of {out_h} x {out_w}",
            )
        if n_in == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 3,
                b_type.shape[0] == w_type.shape[0],
                b_type.shape[1] == w_type.shape[1],
                b_type.shape[2] == w_type.shape[2],
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        o, out_h, out_w, c, kh, kw = W.shape
        n = x.shape[0]
        col = _patches(x, kh, kw, *self.stride, out_h, out_w)
        w_mat = W.reshape(o, out_h * out_w, c * kh * kw).transpose(1, 2, 0)
        y = _dot(col, w_mat, x.dtype)  # (P, N, O)
        y = y.transpose(1, 2, 0).reshape(n, o, out_h, out_w)
        if len(inputs) == 3:
            y += inputs[2]
        return (y,)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                node = LocalConvolution2DGradData(self.stride, x.shape)
                ret.append(node.apply((W, gy))[0])
            elif i == 1:
                node = LocalConvolution2DGradWeight(self.stride, W.shape)
                ret.append(node.apply((x, gy))[0])
            else:
                ret.append(chainer.functions.sum(gy, axis=0))
        return tuple(ret)


class LocalConvolution2DGradData(FunctionNode):
    """The data gradient of :class:`LocalConvolution2DFunction`, from ``(W, gy)``."""

    def __init__(self, stride, x_shape):
        self.stride = stride
        self.x_shape = tuple(x_shape)

    @property
    def label(self):
        return "LocalConvolution2DGradData"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        W, gy = inputs
        o, out_h, out_w, c, kh, kw = W.shape
        w_mat = W.reshape(o, out_h * out_w, c * kh * kw).transpose(1, 0, 2)
        gcol = _dot(_rows_first(gy), w_mat, gy.dtype)  # (P, N, C*kh*kw)
        return (_fold(gcol, self.x_shape, kh, kw, *self.stride, out_h, out_w),)

    def backward(self, indexes, grad_outputs):
        W, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                node = LocalConvolution2DGradWeight(self.stride, W.shape)
                ret.append(node.apply((ggx, gy))[0])
            else:
                ret.append(LocalConvolution2DFunction(self.stride).apply((ggx, W))[0])
        return tuple(ret)


class LocalConvolution2DGradWeight(FunctionNode):
    """The weight gradient of :class:`LocalConvolution2DFunction`, from ``(x, gy)``."""

    def __init__(self, stride, w_shape):
        self.stride = stride
        self.w_shape = tuple(w_shape)

    @property
    def label(self):
        return "LocalConvolution2DGradWeight"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        o, out_h, out_w, c, kh, kw = self.w_shape
        col = _patches(x, kh, kw, *self.stride, out_h, out_w)
        gw = _dot(col.transpose(0, 2, 1), _rows_first(gy), gy.dtype)  # (P, C*kh*kw, O)
        return (gw.transpose(2, 0, 1).reshape(self.w_shape),)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggW,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                node = LocalConvolution2DGradData(self.stride, x.shape)
                ret.append(node.apply((ggW, gy))[0])
            else:
                ret.append(LocalConvolution2DFunction(self.stride).apply((x, ggW))[0])
        return tuple(ret)


def local_convolution_2d(x, W, b=None, stride=1):
    """Locally connected 2-d convolution: an unshared filter at each output pixel.

    With ``kh, kw`` the filter size and ``sy, sx`` the stride (no padding)::

        y[n, o, i, j] = sum_{c, a, b} x[n, c, i * sy + a, j * sx + b] W[o, i, j, c, a, b]
                        + b[o, i, j]

    Args:
        x (Variable or array): the input of shape ``(N, C, H, W)``, floating point.
        W (Variable or array): the filters of shape ``(O, out_h, out_w, C, kh, kw)``
            and the dtype of ``x``, where ``out_h = (H - kh) // sy + 1`` and
            ``out_w = (W - kw) // sx + 1``.
        b (Variable or array): an optional bias of shape ``(O, out_h, out_w)``.
        stride (int or pair of ints): the stride ``(sy, sx)``.

    Returns:
        Variable: shape ``(N, O, out_h, out_w)`` and the dtype of ``x``.
    """
    args = (x, W) if b is None else (x, W, b)
    return LocalConvolution2DFunction(stride).apply(args)[0]
