"""Deconvolution2D: the two-dimensional transposed convolution layer."""

from __future__ import annotations

import chainer
from chainer import link
from chainer.functions.connection import deconvolution_2d as deconvolution_2d_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "Deconvolution2D"


class Deconvolution2D(link.Link):
    """__init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, nobias=False, outsize=None, initialW=None, initial_bias=None, *, dilate=1, groups=1)

    Two-dimensional deconvolution (transposed convolution) layer.

    Holds the filters ``W`` of shape ``(in_channels, out_channels / groups,
    k_H, k_W)`` and, unless ``nobias``, the bias ``b`` of shape
    ``(out_channels,)``, and applies
    :func:`chainer.functions.deconvolution_2d` to images
    ``(n, in_channels, h, w)``.

    Called with two arguments (``Deconvolution2D(64, 4)``), they are
    ``out_channels`` and ``ksize`` and the input channel count is taken from
    the first input; ``Deconvolution2D(None, 64, 4)`` is the same.

    Args:
        in_channels (int or None): The number of input channels; None defers
            the allocation of ``W`` to the first forward pass.
        out_channels (int): The number of output channels.
        ksize (int or pair of ints): The filter size ``(k_H, k_W)``.
        stride (int or pair of ints): The stride ``(s_y, s_x)``.
        pad (int or pair of ints): The padding ``(p_h, p_w)`` cropped from
            both sides of the output.
        nobias (bool): If True, the link has no bias (``b`` is None).
        outsize (None or pair of ints): The output size ``(h_O, w_O)``; None
            for the smallest one, ``s (h - 1) + (k - 1) t + 1 - 2 p``.
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of ``W``'s shape, or None for
            :class:`~chainer.initializers.LeCunNormal`.
        initial_bias: The initializer of ``b``: an initializer, a scalar, an
            array of shape ``(out_channels,)``, or None for zeros.
        dilate (int or pair of ints): The dilation ``(t_y, t_x)`` (keyword only).
        groups (int): The number of channel groups (keyword only); it must
            divide both channel counts.

    Attributes:
        W (~chainer.Parameter): The filters.
        b (~chainer.Parameter or None): The bias.
        in_channels (int or None): The number of input channels (None until known).
        out_channels (int): The number of output channels.
        ksize, stride, pad, dilate (tuple of two ints): The geometry.
        outsize (tuple of two ints or None): The requested output size.
        groups (int): The number of channel groups.

    .. admonition:: Example

        >>> import numpy as np
        >>> import chainer.links as L
        >>> x = np.zeros((1, 3, 5, 5), np.float32)
        >>> L.Deconvolution2D(3, 7, 4, stride=2, pad=1)(x).shape
        (1, 7, 10, 10)
    """  # noqa: E501

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize=None,
        stride=1,
        pad=0,
        nobias=False,
        outsize=None,
        initialW=None,
        initial_bias=None,
        **kwargs,
    ):
        super().__init__()
        dilate, groups = _utils.parse_kwargs(_NAME, kwargs, dilate=1, groups=1)
        if ksize is None:
            in_channels, out_channels, ksize = None, in_channels, out_channels
        self.in_channels = _utils.check_size(_NAME, "in_channels", in_channels, allow_none=True)
        self.out_channels = _utils.check_size(_NAME, "out_channels", out_channels)
        self.ksize = _utils.as_tuple(_NAME, "ksize", ksize, 2, 1)
        self.stride = _utils.as_tuple(_NAME, "stride", stride, 2, 1)
        self.pad = _utils.as_tuple(_NAME, "pad", pad, 2, 0)
        self.outsize = _utils.as_outsize(_NAME, outsize, 2)
        self.dilate = _utils.as_tuple(_NAME, "dilate", dilate, 2, 1)
        self.groups = _utils.check_size(_NAME, "groups", groups)
        _utils.check_groups(_NAME, self.in_channels, self.out_channels, self.groups)
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
        _utils.check_groups(_NAME, in_channels, self.out_channels, self.groups)
        shape = (in_channels, self.out_channels // self.groups) + self.ksize
        _utils.initialize_param(_NAME, "initialW", self.W, self._initialW_shape, shape)
        self.in_channels = in_channels

    @classmethod
    def from_params(cls, W, b=None, stride=1, pad=0, nobias=False, outsize=None, **kwargs):
        """Builds a Deconvolution2D whose parameters are copies of the given arrays.

        Args:
            W (Variable or array): The filters ``(c_I, c_O / groups, k_H, k_W)``.
            b (Variable or array or None): The bias ``(c_O,)``.
            stride, pad, nobias, outsize: As for the constructor.
            **kwargs: ``dilate`` and ``groups``, as for the constructor.

        Returns:
            Deconvolution2D: The link (its parameters take ``chainer.config.dtype``).

        Raises:
            ValueError: When ``W`` is not 4-dimensional or ``b`` does not fit it.
        """
        W = chainer.as_array(W)
        if W.ndim != 4:
            raise ValueError(
                f"Deconvolution2D.from_params: W must be 4-dimensional, got shape {W.shape}"
            )
        groups = kwargs.get("groups", 1)
        in_channels, out_per_group, kh, kw = W.shape
        out_channels = out_per_group * groups if _utils.is_int(groups) else out_per_group
        if b is not None:
            if nobias:
                raise ValueError("Deconvolution2D.from_params: b is given but nobias is True")
            b = chainer.as_array(b)
            if b.shape != (out_channels,):
                raise ValueError(
                    f"Deconvolution2D.from_params: b must have shape ({out_channels},), "
                    f"got {b.shape}"
                )
        return cls(
            in_channels,
            out_channels,
            (kh, kw),
            stride,
            pad,
            nobias,
            outsize,
            initialW=W,
            initial_bias=b,
            **kwargs,
        )

    @property
    def printable_specs(self):
        """Yields the constructor arguments shown by ``str(link)``."""
        yield "in_channels", self.in_channels
        yield "out_channels", self.out_channels
        yield "ksize", self.ksize
        yield "stride", self.stride
        yield "pad", self.pad
        yield "nobias", self.b is None
        yield "outsize", self.outsize
        yield "dilate", self.dilate
        yield "groups", self.groups

    def forward(self, x):
        """Applies the deconvolution.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: ``(n, out_channels, h_O, w_O)``, the dtype of ``x``.
        """
        if self.W.array is None:
            self._initialize_params(_utils.input_channels(_NAME, x, 2))
        return deconvolution_2d_function.deconvolution_2d(
            x,
            self.W,
            self.b,
            self.stride,
            self.pad,
            self.outsize,
            dilate=self.dilate,
            groups=self.groups,
        )
