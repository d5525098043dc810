"""DepthwiseConvolution2D: a convolution layer that filters each input channel on its own."""

from __future__ import annotations

import numpy

from chainer import initializers, link
from chainer.functions.connection import depthwise_convolution_2d as depthwise_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "DepthwiseConvolution2D"


class DepthwiseConvolution2D(link.Link):
    """Two-dimensional depthwise convolution layer.

    Each input channel is convolved with its own ``channel_multiplier``
    filters; the output has ``in_channels * channel_multiplier`` channels
    (see :func:`chainer.functions.depthwise_convolution_2d`). The link holds
    the filters ``W`` of shape ``(channel_multiplier, in_channels, k_H, k_W)``
    and, unless ``nobias``, the bias ``b`` of shape
    ``(in_channels * channel_multiplier,)``.

    Args:
        in_channels (int or None): The number of input channels; None defers
            the allocation of ``W`` and ``b`` to the first forward pass.
        channel_multiplier (int): The number of filters per input channel.
        ksize (int or pair of ints): The filter size ``(k_H, k_W)``.
        stride (int or pair of ints): The stride ``(s_y, s_x)``.
        pad (int or pair of ints): The zero padding ``(p_h, p_w)``.
        nobias (bool): If True, the link has no bias (``b`` is None).
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of ``W``'s shape, or None for
            ``HeNormal(1 / sqrt(2))`` (the same spread as LeCunNormal).
        initial_bias: The initializer of ``b``: an initializer, a scalar, an
            array of ``b``'s shape, or None for zeros.

    Attributes:
        W (~chainer.Parameter): The filters.
        b (~chainer.Parameter or None): The bias.
        in_channels (int or None): The number of input channels (None until known).
        channel_multiplier (int): The number of filters per input channel.
        ksize, stride, pad (tuple of two ints): The geometry.
        nobias (bool): Whether the link has no bias.
    """

    def __init__(
        self,
        in_channels,
        channel_multiplier,
        ksize,
        stride=1,
        pad=0,
        nobias=False,
        initialW=None,
        initial_bias=None,
    ):
        super().__init__()
        self.in_channels = _utils.check_size(_NAME, "in_channels", in_channels, allow_none=True)
        self.channel_multiplier = _utils.check_size(_NAME, "channel_multiplier", channel_multiplier)
        self.ksize = _utils.as_tuple(_NAME, "ksize", ksize, 2, 1)
        self.stride = _utils.as_tuple(_NAME, "stride", stride, 2, 1)
        self.pad = _utils.as_tuple(_NAME, "pad", pad, 2, 0)
        self.nobias = _utils.check_bool(_NAME, "nobias", nobias)
        self._initialW_shape = _utils.array_shape(initialW)
        self._initial_bias_shape = _utils.array_shape(initial_bias)
        default_W = initializers.HeNormal(1.0 / numpy.sqrt(2))
        with self.init_scope():
            self.W = Parameter(_utils.get_initializer(_NAME, "initialW", initialW, default_W))
            if self.nobias:
                self.b = None
            else:
                self.b = Parameter(_utils.get_initializer(_NAME, "initial_bias", initial_bias, 0))
        if self.in_channels is not None:
            self._initialize_params(self.in_channels)

    def _initialize_params(self, in_channels):
        shape = (self.channel_multiplier, in_channels) + self.ksize
        _utils.initialize_param(_NAME, "initialW", self.W, self._initialW_shape, shape)
        if self.b is not None:
            _utils.initialize_param(
                _NAME,
                "initial_bias",
                self.b,
                self._initial_bias_shape,
                (in_channels * self.channel_multiplier,),
            )
        self.in_channels = in_channels

    def forward(self, x):
        """Applies the depthwise convolution.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: ``(n, in_channels * channel_multiplier, h_O, w_O)``, the
            dtype of ``x``.
        """
        if self.W.array is None:
            self._initialize_params(_utils.input_channels(_NAME, x, 2))
        return depthwise_function.depthwise_convolution_2d(x, self.W, self.b, self.stride, self.pad)
