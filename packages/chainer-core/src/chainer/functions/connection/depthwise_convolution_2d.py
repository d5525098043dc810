"""depthwise_convolution_2d: a separate set of filters for every input channel."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.connection import _conv_nd
from chainer.functions.connection.convolution_nd import ConvolutionNDGradW, _argnames
from chainer.functions.connection.deconvolution_nd import DeconvolutionND
from chainer.utils import type_check


def _grouped_filters(W):
    """``(c_M, c_I, k_H, k_W)`` -> ``(c_I * c_M, 1, k_H, k_W)``: the grouped-convolution filters.

    Output channel ``c * c_M + m`` applies ``W[m, c]`` to input channel ``c``.
    """
    c_m, c_i, kh, kw = W.shape
    return W.transpose(1, 0, 2, 3).reshape(c_i * c_m, 1, kh, kw)


class DepthwiseConvolution2D(FunctionNode):
    """Depthwise 2-d convolution: a grouped convolution with one group per input channel.

    Attributes:
        stride, pad (pair of int): as in ``convolution_2d``.
    """

    def __init__(self, stride=1, pad=0):
        self.stride = _conv_nd.as_tuple("DepthwiseConvolution2D", "stride", stride, 2, 1)
        self.pad = _conv_nd.as_tuple("DepthwiseConvolution2D", "pad", pad, 2, 0)

    def check_type_forward(self, in_types):
        _argnames(in_types, ("x", "W", "b"))
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype.kind == "f",
            x_type.ndim == 4,
            w_type.ndim == 4,
            x_type.shape[1] == w_type.shape[1],
        )
        if type_check.eval(in_types.size()) == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == w_type.shape[0] * w_type.shape[1],
            )
        x_shape = type_check.eval(x_type.shape)
        ksize = type_check.eval(w_type.shape)[2:]
        out_size = _conv_nd.conv_outsize(x_shape[2:], ksize, self.stride, self.pad, False, (1, 1))
        if min(out_size) <= 0:
            raise type_check.InvalidType(
                f"output size > 0 on both spatial axes (the kernel {tuple(ksize)} must fit into "
                f"x padded by {self.pad} on each side)",
                f"x.shape == {tuple(x_shape)} gives an output size of {out_size}",
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        y = _conv_nd.conv_forward(
            x, _grouped_filters(W), b, self.stride, self.pad, False, (1, 1), x.shape[1]
        )
        return (y,)

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        c_m, c_i, kh, kw = W.shape
        ret = []
        if 0 in indexes:
            w_grouped = F.reshape(F.transpose(W, (1, 0, 2, 3)), (c_i * c_m, 1, kh, kw))
            node = DeconvolutionND(2, self.stride, self.pad, x.shape[2:], 1, c_i)
            ret.append(node.apply((gy, w_grouped))[0])
        if 1 in indexes:
            node = ConvolutionNDGradW(2, (kh, kw), self.stride, self.pad, False, 1, c_i, W.dtype)
            g_grouped = node.apply((x, gy))[0]
            ret.append(F.transpose(F.reshape(g_grouped, (c_i, c_m, kh, kw)), (1, 0, 2, 3)))
        if 2 in indexes:
            ret.append(F.sum(gy, axis=(0, 2, 3)))
        return tuple(ret)


def depthwise_convolution_2d(x, W, b=None, stride=1, pad=0):
    """Depthwise 2-dimensional convolution: ``c_M`` filters per input channel, channels kept apart.

    Output channel ``c * c_M + m`` is input channel ``c`` convolved with
    ``W[m, c]``::

        y[b, c * c_M + m, i, j] = b[c * c_M + m] + sum over u < k_H, v < k_W of
            W[m, c, u, v] * x[b, c, i * s_y - p_h + u, j * s_x - p_w + v]

    reading ``x`` as zero outside the image; the output size is that of
    ``convolution_2d`` with the same stride and padding.

    Args:
        x (Variable or array): floating-point images ``(n, c_I, h, w)``.
        W (Variable or array): floating-point filters ``(c_M, c_I, k_H, k_W)``
            (``c_M`` is the channel multiplier).
        b (Variable or array or None): bias ``(c_I * c_M,)`` of ``x``'s dtype, or None.
        stride (int or pair of ints): the stride ``(s_y, s_x)``.
        pad (int or pair of ints): zero padding ``(p_h, p_w)`` on both sides.

    Returns:
        Variable: ``(n, c_I * c_M, h_O, w_O)``, ``x``'s dtype.
    """
    stride = _conv_nd.as_tuple("depthwise_convolution_2d", "stride", stride, 2, 1)
    pad = _conv_nd.as_tuple("depthwise_convolution_2d", "pad", pad, 2, 0)
    args = (x, W) if b is None else (x, W, b)
    return DepthwiseConvolution2D(stride, pad).apply(args)[0]
