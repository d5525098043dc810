"""DilatedConvolution2D: a two-dimensional convolution layer with spaced-out filter taps."""

from __future__ import annotations

from chainer import link
from chainer.functions.connection import dilated_convolution_2d as dilated_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "DilatedConvolution2D"


class DilatedConvolution2D(link.Link):
    """Two-dimensional dilated convolution layer.

    Holds the filters ``W`` of shape ``(out_channels, in_channels, k_H, k_W)``
    and, unless ``nobias``, the bias ``b`` of shape ``(out_channels,)``, and
    applies :func:`chainer.functions.dilated_convolution_2d` to images
    ``(n, in_channels, h, w)``: the taps of a filter are ``dilate`` pixels apart.

    Called with two arguments (``DilatedConvolution2D(64, 3)``), they are
    ``out_channels`` and ``ksize`` and the input channel count is taken from
    the first input; ``DilatedConvolution2D(None, 64, 3)`` is the same.

    Args:
        in_channels (int or None): The number of input channels; None defers
            the allocation of ``W`` to the first forward pass.
        out_channels (int): The number of output channels.
        ksize (int or pair of ints): The filter size ``(k_H, k_W)``.
        stride (int or pair of ints): The stride ``(s_y, s_x)``.
        pad (int or pair of ints): The zero padding ``(p_h, p_w)``.
        dilate (int or pair of ints): The dilation ``(t_y, t_x)``.
        nobias (bool): If True, the link has no bias (``b`` is None).
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of ``W``'s shape, or None for
            :class:`~chainer.initializers.LeCunNormal`.
        initial_bias: The initializer of ``b``: an initializer, a scalar, an
            array of shape ``(out_channels,)``, or None for zeros.

    Attributes:
        W (~chainer.Parameter): The filters.
        b (~chainer.Parameter or None): The bias.
        in_channels (int or None): The number of input channels (None until known).
        out_channels (int): The number of output channels.
        ksize, stride, pad, dilate (tuple of two ints): The geometry.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize=None,
        stride=1,
        pad=0,
        dilate=1,
        nobias=False,
        initialW=None,
        initial_bias=None,
    ):
        super().__init__()
        if ksize is None:
            in_channels, out_channels, ksize = None, in_channels, out_channels
        self.in_channels = _utils.check_size(_NAME, "in_channels", in_channels, allow_none=True)
        self.out_channels = _utils.check_size(_NAME, "out_channels", out_channels)
        self.ksize = _utils.as_tuple(_NAME, "ksize", ksize, 2, 1)
        self.stride = _utils.as_tuple(_NAME, "stride", stride, 2, 1)
        self.pad = _utils.as_tuple(_NAME, "pad", pad, 2, 0)
        self.dilate = _utils.as_tuple(_NAME, "dilate", dilate, 2, 1)
        nobias = _utils.check_bool(_NAME, "nobias", nobias)
        self._initialW_shape = _utils.array_shape(initialW)
        with self.init_scope():
            self.W = Parameter(_utils.get_initializer(_NAME, "initialW", initialW))
            if nobias:
                self.b = None
            else:
                self.b = Parameter(_utils.get_initializer(_NAME, "initial_bias", initial_bias, 0))
                _utils.initialize_param(
                    _NAME,
                    "initial_bias",
                    self.b,
                    _utils.array_shape(initial_bias),
                    (self.out_channels,),
                )
        if self.in_channels is not None:
            self._initialize_params(self.in_channels)

    def _initialize_params(self, in_channels):
        shape = (self.out_channels, in_channels) + self.ksize
        _utils.initialize_param(_NAME, "initialW", self.W, self._initialW_shape, shape)
        self.in_channels = in_channels

    @property
    def printable_specs(self):
        """Yields the constructor arguments shown by ``str(link)``."""
        yield "in_channels", self.in_channels
        yield "out_channels", self.out_channels
        yield "ksize", self.ksize
        yield "stride", self.stride
        yield "pad", self.pad
        yield "dilate", self.dilate
        yield "nobias", self.b is None

    def forward(self, x):
        """Applies the dilated convolution.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: ``(n, out_channels, h_O, w_O)``, the dtype of ``x``.
        """
        if self.W.array is None:
            self._initialize_params(_utils.input_channels(_NAME, x, 2))
        return dilated_function.dilated_convolution_2d(
            x, self.W, self.b, self.stride, self.pad, self.dilate
        )
