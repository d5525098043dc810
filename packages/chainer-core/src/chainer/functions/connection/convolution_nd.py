"""convolution_nd: N-dimensional convolution, and the node of its filter gradient.

Three nodes make up the convolution family, each one separately replaceable
through :mod:`chainer._kernels` (oneDNN, cuDNN):

* :class:`ConvolutionND`: the forward convolution;
* :class:`~chainer.functions.connection.deconvolution_nd.DeconvolutionND`: its
  data gradient (a transposed convolution);
* :class:`ConvolutionNDGradW`: its filter gradient.

The backward of each is written with the three of them, so every order of
derivative stays inside the family.
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.connection import _conv_nd
from chainer.utils import type_check


def _argnames(in_types, names):
    n_in = in_types.size()
    type_check.expect(2 <= n_in, n_in <= 3)
    type_check._argname(in_types, names[: type_check.eval(n_in)])


def _bias_axes(ndim):
    return (0, *range(2, ndim + 2))


class ConvolutionND(FunctionNode):
    """``y = convolution(x, W) + b`` over ``ndim`` spatial axes.

    Attributes:
        ndim (int): the number of spatial axes ``N``.
        stride, pad, dilate (tuple of int): per spatial axis.
        cover_all (bool): whether a last partial window is added where needed.
        groups (int): the number of channel groups.
    """

    def __init__(self, ndim, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
        label = type(self).__name__
        self.ndim = int(ndim)
        self.stride = _conv_nd.as_tuple(label, "stride", stride, self.ndim, 1)
        self.pad = _conv_nd.as_tuple(label, "pad", pad, self.ndim, 0)
        self.cover_all = bool(cover_all)
        self.dilate = _conv_nd.as_tuple(label, "dilate", dilate, self.ndim, 1)
        self.groups = _conv_nd.as_groups(label, groups)

    def check_type_forward(self, in_types):
        _argnames(in_types, ("x", "W", "b"))
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype.kind == "f",
            x_type.ndim == self.ndim + 2,
            w_type.ndim == self.ndim + 2,
            x_type.shape[1] == w_type.shape[1] * self.groups,
            w_type.shape[0] % self.groups == 0,
        )
        if type_check.eval(in_types.size()) == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == w_type.shape[0],
            )
        x_shape = type_check.eval(x_type.shape)
        ksize = type_check.eval(w_type.shape)[2:]
        out_size = _conv_nd.conv_outsize(
            x_shape[2:], ksize, self.stride, self.pad, self.cover_all, self.dilate
        )
        if min(out_size) <= 0:
            dilated = tuple((k - 1) * t + 1 for k, t in zip(ksize, self.dilate))
            raise type_check.InvalidType(
                f"output size > 0 on every spatial axis (the dilated kernel {dilated} must fit "
                f"into x padded by {self.pad} on each side)",
                f"x.shape == {tuple(x_shape)} gives an output size of {out_size}",
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        y = _conv_nd.conv_forward(
            x, W, b, self.stride, self.pad, self.cover_all, self.dilate, self.groups
        )
        return (y,)

    def backward(self, indexes, grad_outputs):
        from chainer.functions.connection.deconvolution_nd import DeconvolutionND

        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        if 0 in indexes:
            node = DeconvolutionND(
                self.ndim, self.stride, self.pad, x.shape[2:], self.dilate, self.groups
            )
            ret.append(node.apply((gy, W))[0])
        if 1 in indexes:
            node = ConvolutionNDGradW(
                self.ndim,
                W.shape[2:],
                self.stride,
                self.pad,
                self.cover_all,
                self.dilate,
                self.groups,
                W.dtype,
            )
            ret.append(node.apply((x, gy))[0])
        if 2 in indexes:
            ret.append(chainer.functions.sum(gy, axis=_bias_axes(self.ndim)))
        return tuple(ret)


class ConvolutionNDGradW(FunctionNode):
    """The filter gradient ``gW`` of a convolution, from its input ``x`` and output gradient ``gy``.

    ``gW[o, c, j]`` is the sum over the batch ``b`` and the output positions ``i``
    of ``gy[b, o, i] * x[b, c', i * s - p + j * t]``, ``c'`` being channel ``c``
    of the group of ``o``, for stride ``s``, padding ``p`` and dilation ``t``.

    Attributes:
        ndim (int): the number of spatial axes.
        ksize (tuple of int): the filter size.
        stride, pad, dilate (tuple of int), cover_all (bool), groups (int): as in
            :class:`ConvolutionND`.
        w_dtype (numpy.dtype): the dtype of the filter (of the output).
    """

    def __init__(self, ndim, ksize, stride, pad, cover_all, dilate, groups, w_dtype):
        label = type(self).__name__
        self.ndim = int(ndim)
        self.ksize = _conv_nd.as_tuple(label, "ksize", tuple(ksize), self.ndim, 1)
        self.stride = _conv_nd.as_tuple(label, "stride", stride, self.ndim, 1)
        self.pad = _conv_nd.as_tuple(label, "pad", pad, self.ndim, 0)
        self.cover_all = bool(cover_all)
        self.dilate = _conv_nd.as_tuple(label, "dilate", dilate, self.ndim, 1)
        self.groups = _conv_nd.as_groups(label, groups)
        self.w_dtype = w_dtype

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "gy"))
        x_type, gy_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            gy_type.dtype == x_type.dtype,
            x_type.ndim == self.ndim + 2,
            gy_type.ndim == self.ndim + 2,
            x_type.shape[0] == gy_type.shape[0],
            x_type.shape[1] % self.groups == 0,
            gy_type.shape[1] % self.groups == 0,
        )
        x_shape = type_check.eval(x_type.shape)
        gy_shape = type_check.eval(gy_type.shape)
        out_size = _conv_nd.conv_outsize(
            x_shape[2:], self.ksize, self.stride, self.pad, self.cover_all, self.dilate
        )
        if tuple(gy_shape[2:]) != out_size:
            raise type_check.InvalidType(
                f"gy.shape[2:] == {out_size} (the convolution's output size)",
                f"gy.shape == {tuple(gy_shape)}",
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        gW = _conv_nd.conv_grad_w(
            x,
            gy,
            self.ksize,
            self.stride,
            self.pad,
            self.cover_all,
            self.dilate,
            self.groups,
            self.w_dtype,
        )
        return (gW,)

    def backward(self, indexes, grad_outputs):
        from chainer.functions.connection.deconvolution_nd import DeconvolutionND

        x, gy = self.get_retained_inputs()
        (ggW,) = grad_outputs
        ret = []
        if 0 in indexes:
            node = DeconvolutionND(
                self.ndim, self.stride, self.pad, x.shape[2:], self.dilate, self.groups
            )
            ret.append(node.apply((gy, ggW))[0])
        if 1 in indexes:
            node = ConvolutionND(
                self.ndim, self.stride, self.pad, self.cover_all, self.dilate, self.groups
            )
            ret.append(node.apply((x, ggW))[0])
        return tuple(ret)


def _convolution(func, ndim, x, W, b, stride, pad, cover_all, dilate, groups):
    """Checks the arguments of a public convolution function (named ``func``) and applies it."""
    stride = _conv_nd.as_tuple(func, "stride", stride, ndim, 1)
    pad = _conv_nd.as_tuple(func, "pad", pad, ndim, 0)
    dilate = _conv_nd.as_tuple(func, "dilate", dilate, ndim, 1)
    groups = _conv_nd.as_groups(func, groups)
    node = ConvolutionND(ndim, stride, pad, cover_all, dilate, groups)
    args = (x, W) if b is None else (x, W, b)
    return node.apply(args)[0]


def convolution_nd(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """N-dimensional convolution (cross-correlation) of ``x`` with the filters ``W``, plus ``b``.

    With ``N`` spatial axes, stride ``s``, padding ``p``, dilation ``t`` and
    ``G`` groups, output channel ``o`` (in group ``g = o // (c_O / G)``) at
    output position ``i = (i_1, ..., i_N)`` is::

        y[b, o, i] = b[o] + sum over c < c_I / G and kernel offset j of
                     W[o, c, j] * x[b, g * c_I / G + c, i * s - p + j * t]

    where ``x`` reads as zero outside its extent. The output size along axis
    ``a`` is ``(d_a + 2 p_a - (k_a - 1) t_a - 1) // s_a + 1``, or with
    ``cover_all`` the smallest size whose windows reach every input element
    (see :func:`chainer.utils.get_conv_outsize`).

    Args:
        x (Variable or array): floating-point input ``(n, c_I, d_1, ..., d_N)``.
        W (Variable or array): floating-point filters ``(c_O, c_I / G, k_1, ..., k_N)``;
            its dtype may differ from ``x``'s (the product runs in ``x``'s dtype).
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or tuple of ints): the stride ``s``, one per spatial axis.
        pad (int or tuple of ints): zero padding ``p`` on both sides of each axis.
        cover_all (bool): add a last partial window where the windows would
            leave input elements unread.
        dilate (int or tuple of ints): the dilation ``t`` of the filter.
        groups (int): the number ``G`` of groups; ``c_I`` and ``c_O`` must be
            multiples of it, and each output group sees its input group only.

    Returns:
        Variable: ``(n, c_O, l_1, ..., l_N)``, ``x``'s dtype.
    """
    ndim = _conv_nd.spatial_ndim("convolution_nd", x)
    return _convolution("convolution_nd", ndim, x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_1d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """1-dimensional convolution: :func:`convolution_nd` for ``x`` of shape ``(n, c_I, d)``.

    Args:
        x (Variable or array): floating-point input ``(n, c_I, d)``.
        W (Variable or array): floating-point filters ``(c_O, c_I / groups, k)``.
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or tuple of one int): the stride.
        pad (int or tuple of one int): zero padding on both sides.
        cover_all (bool): add a last partial window where needed.
        dilate (int or tuple of one int): the dilation of the filter.
        groups (int): the number of channel groups.

    Returns:
        Variable: ``(n, c_O, l)``, ``x``'s dtype.
    """
    _conv_nd.spatial_ndim("convolution_1d", x, 1)
    return _convolution("convolution_1d", 1, x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_3d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """3-dimensional convolution: :func:`convolution_nd` for ``x`` of shape ``(n, c_I, d, h, w)``.

    Args:
        x (Variable or array): floating-point input ``(n, c_I, d_1, d_2, d_3)``.
        W (Variable or array): floating-point filters ``(c_O, c_I / groups, k_1, k_2, k_3)``.
        b (Variable or array or None): bias ``(c_O,)`` of ``x``'s dtype, or None.
        stride (int or tuple of 3 ints): the stride.
        pad (int or tuple of 3 ints): zero padding on both sides of each axis.
        cover_all (bool): add a last partial window where needed.
        dilate (int or tuple of 3 ints): the dilation of the filter.
        groups (int): the number of channel groups.

    Returns:
        Variable: ``(n, c_O, l_1, l_2, l_3)``, ``x``'s dtype.
    """
    _conv_nd.spatial_ndim("convolution_3d", x, 3)
    return _convolution("convolution_3d", 3, x, W, b, stride, pad, cover_all, dilate, groups)
