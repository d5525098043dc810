"""DeformableConvolution2D: a convolution whose filter taps move by learned offsets."""

from __future__ import annotations

from chainer import initializers, link
from chainer.functions.connection import deformable_convolution_2d_sampler as sampler_function
from chainer.links.connection import _utils
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.parameter import Parameter


class DeformableConvolution2D(link.Chain):
    """Two-dimensional deformable convolution layer.

    A chain of two links: ``offset_conv``, a :class:`Convolution2D` that
    predicts ``2 * k_H * k_W`` offset channels from the input, and
    ``deform_conv``, a :class:`DeformableConvolution2DSampler` that convolves
    the input read at the offset positions (see
    :func:`chainer.functions.deformable_convolution_2d_sampler`).

    Args:
        in_channels (int or None): The number of input channels; None defers
            the allocation of the weights to the first forward pass.
        out_channels (int): The number of output channels.
        ksize (int or pair of ints): The filter size ``(k_H, k_W)``.
        stride (int or pair of ints): The stride ``(s_y, s_x)`` of both convolutions.
        pad (int or pair of ints): The zero padding ``(p_h, p_w)`` of both convolutions.
        offset_nobias (bool): If True, ``offset_conv`` has no bias.
        offset_initialW: The initializer of ``offset_conv.W`` (None for
            :class:`~chainer.initializers.LeCunNormal`).
        offset_initial_bias: The initializer of ``offset_conv.b`` (None for zeros).
        deform_nobias (bool): If True, ``deform_conv`` has no bias.
        deform_initialW: The initializer of ``deform_conv.W`` (None for
            zeros, as in Chainer v7).
        deform_initial_bias: The initializer of ``deform_conv.b`` (None for zeros).

    Attributes:
        offset_conv (Convolution2D): The offset predictor.
        deform_conv (DeformableConvolution2DSampler): The deformable convolution.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize,
        stride=1,
        pad=0,
        offset_nobias=False,
        offset_initialW=None,
        offset_initial_bias=None,
        deform_nobias=False,
        deform_initialW=None,
        deform_initial_bias=None,
    ):
        super().__init__()
        kh, kw = _utils.as_tuple("DeformableConvolution2D", "ksize", ksize, 2, 1)
        with self.init_scope():
            self.offset_conv = Convolution2D(
                in_channels,
                2 * kh * kw,
                (kh, kw),
                stride,
                pad,
                offset_nobias,
                offset_initialW,
                offset_initial_bias,
            )
            self.deform_conv = DeformableConvolution2DSampler(
                in_channels,
                out_channels,
                (kh, kw),
                stride,
                pad,
                deform_nobias,
                deform_initialW,
                deform_initial_bias,
            )

    def forward(self, x):
        """Applies the deformable convolution.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: ``(n, out_channels, h_O, w_O)``, the dtype of ``x``.
        """
        offset = self.offset_conv(x)
        return self.deform_conv(x, offset)


class DeformableConvolution2DSampler(link.Link):
    """The convolution half of :class:`DeformableConvolution2D`, with the offsets given.

    Holds the filters ``W`` of shape ``(out_channels, in_channels, k_H,
    k_W)`` and, unless ``nobias``, the bias ``b`` of shape
    ``(out_channels,)``, and applies
    :func:`chainer.functions.deformable_convolution_2d_sampler`.

    Args:
        in_channels (int or None): The number of input channels; None defers
            the allocation of ``W`` to the first forward pass.
        out_channels (int): The number of output channels.
        ksize (int or pair of ints): The filter size ``(k_H, k_W)``.
        stride (int or pair of ints): The stride ``(s_y, s_x)``.
        pad (int or pair of ints): The zero padding ``(p_h, p_w)``.
        nobias (bool): If True, the link has no bias (``b`` is None).
        initialW: The initializer of ``W`` (None for zeros, as in Chainer v7).
        initial_bias: The initializer of ``b`` (None for zeros).

    Attributes:
        W (~chainer.Parameter): The filters.
        b (~chainer.Parameter or None): The bias.
        in_channels (int or None): The number of input channels (None until known).
        out_channels (int): The number of output channels.
        ksize, stride, pad (tuple of two ints): The geometry.
    """

    _NAME = "DeformableConvolution2DSampler"

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize,
        stride=1,
        pad=0,
        nobias=False,
        initialW=None,
        initial_bias=None,
    ):
        super().__init__()
        name = self._NAME
        self.in_channels = _utils.check_size(name, "in_channels", in_channels, allow_none=True)
        self.out_channels = _utils.check_size(name, "out_channels", out_channels)
        self.ksize = _utils.as_tuple(name, "ksize", ksize, 2, 1)
        self.stride = _utils.as_tuple(name, "stride", stride, 2, 1)
        self.pad = _utils.as_tuple(name, "pad", pad, 2, 0)
        nobias = _utils.check_bool(name, "nobias", nobias)
        self._initialW_shape = _utils.array_shape(initialW)
        with self.init_scope():
            self.W = Parameter(
                _utils.get_initializer(name, "initialW", initialW, initializers.Zero())
            )
            if nobias:
                self.b = None
            else:
                self.b = Parameter(_utils.get_initializer(name, "initial_bias", initial_bias, 0))
                _utils.initialize_param(
                    name,
                    "initial_bias",
                    self.b,
                    _utils.array_shape(initial_bias),
                    (self.out_channels,),
                )
        if self.in_channels is not None:
            self._initialize_params(self.in_channels)

    def _initialize_params(self, in_channels):
        shape = (self.out_channels, in_channels) + self.ksize
        _utils.initialize_param(self._NAME, "initialW", self.W, self._initialW_shape, shape)
        self.in_channels = in_channels

    def forward(self, x, offset):
        """Applies the deformable convolution with the given offsets.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.
            offset (Variable or array): Offsets ``(n, 2 * k_H * k_W, h_O, w_O)``
                of ``x``'s dtype (column offsets first, then row offsets).

        Returns:
            Variable: ``(n, out_channels, h_O, w_O)``, the dtype of ``x``.
        """
        if self.W.array is None:
            self._initialize_params(_utils.input_channels(self._NAME, x, 2))
        return sampler_function.deformable_convolution_2d_sampler(
            x, offset, self.W, self.b, self.stride, self.pad
        )
