"""LocalConvolution2D: a convolution layer with a separate filter at every output pixel."""

from __future__ import annotations

from chainer import link
from chainer.functions.connection import local_convolution_2d as local_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter
from chainer.utils import get_conv_outsize

_NAME = "LocalConvolution2D"


class LocalConvolution2D(link.Link):
    """Two-dimensional locally connected layer: a convolution whose filters are not shared.

    Every output pixel ``(i, j)`` has its own filters, so the weight ``W``
    has shape ``(out_channels, out_h, out_w, in_channels, k_H, k_W)`` and the
    bias ``b`` (unless ``nobias``) shape ``(out_channels, out_h, out_w)``,
    where ``out_h = (h - k_H) // s_y + 1`` and ``out_w = (w - k_W) // s_x + 1``
    for inputs ``(n, in_channels, h, w)`` (no padding). See
    :func:`chainer.functions.local_convolution_2d`.

    Args:
        in_channels (int or None): The number of input channels. When it or
            ``in_size`` is None, the parameters are allocated at the first
            forward pass from the input's shape.
        out_channels (int): The number of output channels.
        in_size (int or pair of ints or None): The input's spatial size ``(h, w)``.
        ksize (int or pair of ints): The filter size ``(k_H, k_W)`` (required).
        stride (int or pair of ints): The stride ``(s_y, s_x)``.
        nobias (bool): If True, the link has no bias (``b`` is None).
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of ``W``'s shape, or None for
            :class:`~chainer.initializers.LeCunNormal`.
        initial_bias: The initializer of ``b``: an initializer, a scalar, an
            array of ``b``'s shape, or None for zeros.

    Attributes:
        W (~chainer.Parameter): The filters.
        b (~chainer.Parameter or None): The bias.
        in_channels (int or None): The number of input channels (None until known).
        out_channels (int): The number of output channels.
        in_size (tuple of two ints or None): The input's spatial size (None until known).
        ksize, stride (tuple of two ints): The geometry.
        nobias (bool): Whether the link has no bias.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        in_size=None,
        ksize=None,
        stride=1,
        nobias=False,
        initialW=None,
        initial_bias=None,
        **kwargs,
    ):
        super().__init__()
        _utils.parse_kwargs(_NAME, kwargs)
        if ksize is None:
            raise TypeError(f"{_NAME}: ksize is required (an int or a pair of ints), got None")
        self.in_channels = _utils.check_size(_NAME, "in_channels", in_channels, allow_none=True)
        self.out_channels = _utils.check_size(_NAME, "out_channels", out_channels)
        self.in_size = None if in_size is None else _utils.as_tuple(_NAME, "in_size", in_size, 2, 1)
        self.ksize = _utils.as_tuple(_NAME, "ksize", ksize, 2, 1)
        self.stride = _utils.as_tuple(_NAME, "stride", stride, 2, 1)
        self.nobias = _utils.check_bool(_NAME, "nobias", nobias)
        if self.in_size is not None:
            self._out_size(self.in_size)
        self._initialW_shape = _utils.array_shape(initialW)
        self._initial_bias_shape = _utils.array_shape(initial_bias)
        with self.init_scope():
            self.W = Parameter(_utils.get_initializer(_NAME, "initialW", initialW))
            if self.nobias:
                self.b = None
            else:
                self.b = Parameter(_utils.get_initializer(_NAME, "initial_bias", initial_bias, 0))
        if self.in_channels is not None and self.in_size is not None:
            self._initialize_params(self.in_channels, self.in_size)

    def _out_size(self, in_size):
        out = tuple(
            get_conv_outsize(size, k, s, 0) for size, k, s in zip(in_size, self.ksize, self.stride)
        )
        if min(out) < 1:
            raise ValueError(
                f"{_NAME}: the filter {self.ksize} does not fit in the input size {tuple(in_size)}"
            )
        return out

    def _initialize_params(self, in_channels, in_size):
        out_h, out_w = self._out_size(in_size)
        shape = (self.out_channels, out_h, out_w, in_channels) + self.ksize
        _utils.initialize_param(_NAME, "initialW", self.W, self._initialW_shape, shape)
        if self.b is not None:
            _utils.initialize_param(
                _NAME,
                "initial_bias",
                self.b,
                self._initial_bias_shape,
                (self.out_channels, out_h, out_w),
            )
        self.in_channels = in_channels
        self.in_size = tuple(in_size)

    def forward(self, x):
        """Applies the locally connected convolution.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)`` of the
                size the parameters were made for, floating point.

        Returns:
            Variable: ``(n, out_channels, out_h, out_w)``, the dtype of ``x``.
        """
        if self.W.array is None:
            in_channels = _utils.input_channels(_NAME, x, 2)
            in_size = tuple(int(s) for s in x.shape[2:])
            if self.in_size is not None and self.in_size != in_size:
                raise ValueError(
                    f"{_NAME}: the link was made for inputs of spatial size {self.in_size} "
                    f"(in_size), got an input of shape {tuple(x.shape)}"
                )
            self._initialize_params(in_channels, in_size)
        return local_function.local_convolution_2d(x, self.W, self.b, self.stride)
