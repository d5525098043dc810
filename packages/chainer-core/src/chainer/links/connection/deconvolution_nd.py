"""DeconvolutionND: the N-dimensional transposed convolution layer, and its 1-d and 3-d forms."""

from __future__ import annotations

import chainer
from chainer import link
from chainer.functions.connection import deconvolution_nd as deconvolution_nd_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter


class DeconvolutionND(link.Link):
    """N-dimensional deconvolution (transposed convolution) layer.

    Holds the filters ``W`` of shape ``(in_channels, out_channels / groups,
    k_1, ..., k_N)`` and, unless ``nobias``, the bias ``b`` of shape
    ``(out_channels,)``, and applies
    :func:`chainer.functions.deconvolution_nd` to inputs
    ``(n, in_channels, d_1, ..., d_N)``.

    Called as ``DeconvolutionND(ndim, out_channels, ksize)`` (``ksize`` left
    out), the input channel count is taken from the first input;
    ``DeconvolutionND(ndim, None, out_channels, ksize)`` is the same.

    Args:
        ndim (int): The number ``N`` of spatial axes.
        in_channels (int or None): The number of input channels; None defers
            the allocation of ``W`` to the first forward pass.
        out_channels (int): The number of output channels.
        ksize (int or tuple of ints): The filter size ``(k_1, ..., k_N)``.
        stride (int or tuple of ints): The stride along each spatial axis.
        pad (int or tuple of ints): The padding cropped from both sides of
            the output along each spatial axis.
        nobias (bool): If True, the link has no bias (``b`` is None).
        outsize (None or tuple of ints): The output size ``(o_1, ..., o_N)``;
            None for the smallest one, ``s (d - 1) + (k - 1) t + 1 - 2 p``.
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of ``W``'s shape, or None for
            :class:`~chainer.initializers.LeCunNormal`.
        initial_bias: The initializer of ``b``: an initializer, a scalar, an
            array of shape ``(out_channels,)``, or None for zeros.
        dilate (int or tuple of ints): The dilation of the filter taps.
        groups (int): The number of channel groups; it must divide both
            channel counts.

    Attributes:
        W (~chainer.Parameter): The filters.
        b (~chainer.Parameter or None): The bias.
        ndim (int): The number of spatial axes.
        in_channels (int or None): The number of input channels (None until known).
        out_channels (int): The number of output channels.
        ksize, stride, pad, dilate (tuple of ints): The geometry, one entry per axis.
        outsize (tuple of ints or None): The requested output size.
        groups (int): The number of channel groups.
    """

    _link_name = "DeconvolutionND"

    def __init__(
        self,
        ndim,
        in_channels,
        out_channels,
        ksize=None,
        stride=1,
        pad=0,
        nobias=False,
        outsize=None,
        initialW=None,
        initial_bias=None,
        dilate=1,
        groups=1,
    ):
        super().__init__()
        name = self._link_name
        self.ndim = _utils.check_size(name, "ndim", ndim)
        if ksize is None:
            in_channels, out_channels, ksize = None, in_channels, out_channels
        self.in_channels = _utils.check_size(name, "in_channels", in_channels, allow_none=True)
        self.out_channels = _utils.check_size(name, "out_channels", out_channels)
        self.ksize = _utils.as_tuple(name, "ksize", ksize, self.ndim, 1)
        self.stride = _utils.as_tuple(name, "stride", stride, self.ndim, 1)
        self.pad = _utils.as_tuple(name, "pad", pad, self.ndim, 0)
        self.outsize = _utils.as_outsize(name, outsize, self.ndim)
        self.dilate = _utils.as_tuple(name, "dilate", dilate, self.ndim, 1)
        self.groups = _utils.check_size(name, "groups", groups)
        _utils.check_groups(name, self.in_channels, self.out_channels, self.groups)
        nobias = _utils.check_bool(name, "nobias", nobias)
        self._initialW_shape = _utils.array_shape(initialW)
        with self.init_scope():
            self.W = Parameter(_utils.get_initializer(name, "initialW", initialW))
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
        name = self._link_name
        _utils.check_groups(name, in_channels, self.out_channels, self.groups)
        shape = (in_channels, self.out_channels // self.groups) + self.ksize
        _utils.initialize_param(name, "initialW", self.W, self._initialW_shape, shape)
        self.in_channels = in_channels

    @classmethod
    def from_params(
        cls, W, b=None, stride=1, pad=0, nobias=False, outsize=None, dilate=1, groups=1
    ):
        """Builds the link with parameters that are copies of the given arrays.

        The number of spatial axes is ``W.ndim - 2`` (for :class:`Deconvolution1D`
        and :class:`Deconvolution3D` it must be 1 or 3).

        Args:
            W (Variable or array): The filters ``(c_I, c_O / groups, k_1, ..., k_N)``.
            b (Variable or array or None): The bias ``(c_O,)``.
            stride, pad, nobias, outsize, dilate, groups: As for the constructor.

        Returns:
            DeconvolutionND: The link (its parameters take ``chainer.config.dtype``).

        Raises:
            ValueError: When ``W`` has fewer than 3 axes (or the wrong number
                for a fixed-dimension subclass), or ``b`` does not fit it.
        """
        W = chainer.as_array(W)
        fixed = getattr(cls, "_fixed_ndim", None)
        if W.ndim < 3 or (fixed is not None and W.ndim != fixed + 2):
            want = "at least 3" if fixed is None else str(fixed + 2)
            raise ValueError(
                f"{cls.__name__}.from_params: W must have {want} axes, got shape {W.shape}"
            )
        in_channels, out_per_group = W.shape[:2]
        out_channels = out_per_group * groups if _utils.is_int(groups) else out_per_group
        if b is not None:
            if nobias:
                raise ValueError(f"{cls.__name__}.from_params: b is given but nobias is True")
            b = chainer.as_array(b)
            if b.shape != (out_channels,):
                raise ValueError(
                    f"{cls.__name__}.from_params: b must have shape ({out_channels},), "
                    f"got {b.shape}"
                )
        args = (in_channels, out_channels, W.shape[2:], stride, pad, nobias, outsize, W, b)
        options = {"dilate": dilate, "groups": groups}
        if fixed is None:
            return cls(W.ndim - 2, *args, **options)
        return cls(*args, **options)

    @property
    def printable_specs(self):
        """Yields the constructor arguments shown by ``str(link)``."""
        yield "ndim", self.ndim
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
            x (Variable or array): The input ``(n, in_channels, d_1, ..., d_N)``,
                floating point.

        Returns:
            Variable: ``(n, out_channels, o_1, ..., o_N)``, the dtype of ``x``.
        """
        if self.W.array is None:
            self._initialize_params(_utils.input_channels(self._link_name, x, self.ndim))
        return deconvolution_nd_function.deconvolution_nd(
            x,
            self.W,
            self.b,
            self.stride,
            self.pad,
            self.outsize,
            dilate=self.dilate,
            groups=self.groups,
        )


class Deconvolution1D(DeconvolutionND):
    """One-dimensional deconvolution layer: :class:`DeconvolutionND` with ``ndim=1``.

    Inputs are ``(n, in_channels, d)``; ``W`` is ``(in_channels,
    out_channels / groups, k)``. The arguments are those of
    :class:`DeconvolutionND` without ``ndim``.
    """

    _link_name = "Deconvolution1D"
    _fixed_ndim = 1

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize,
        stride=1,
        pad=0,
        nobias=False,
        outsize=None,
        initialW=None,
        initial_bias=None,
        dilate=1,
        groups=1,
    ):
        super().__init__(
            1,
            in_channels,
            out_channels,
            ksize,
            stride,
            pad,
            nobias,
            outsize,
            initialW,
            initial_bias,
            dilate,
            groups,
        )


class Deconvolution3D(DeconvolutionND):
    """Three-dimensional deconvolution layer: :class:`DeconvolutionND` with ``ndim=3``.

    Inputs are ``(n, in_channels, d_1, d_2, d_3)``; ``W`` is ``(in_channels,
    out_channels / groups, k_1, k_2, k_3)``. The arguments are those of
    :class:`DeconvolutionND` without ``ndim``.
    """

    _link_name = "Deconvolution3D"
    _fixed_ndim = 3

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize,
        stride=1,
        pad=0,
        nobias=False,
        outsize=None,
        initialW=None,
        initial_bias=None,
        dilate=1,
        groups=1,
    ):
        super().__init__(
            3,
            in_channels,
            out_channels,
            ksize,
            stride,
            pad,
            nobias,
            outsize,
            initialW,
            initial_bias,
            dilate,
            groups,
        )
