"""MLPConvolution2D: the "network in network" convolution, a convolution followed by 1x1 ones."""

from __future__ import annotations

import chainer.functions as F
from chainer import link
from chainer.links.connection import _utils
from chainer.links.connection.convolution_2d import Convolution2D

_NAME = "MLPConvolution2D"


class MLPConvolution2D(link.ChainList):
    """__init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0, activation=relu, *, conv_init=None, bias_init=None)

    Two-dimensional MLP convolution layer of Network in Network (Lin et al., 2014).

    A chain list of :class:`Convolution2D` links: the first has filter size
    ``ksize`` and ``out_channels[0]`` outputs, each next one is a 1x1
    convolution to the next entry of ``out_channels``; ``activation`` is
    applied between them (not after the last). This is a small perceptron
    applied to every input patch.

    Called with two arguments (``MLPConvolution2D((96, 96), 11)``), they are
    ``out_channels`` and ``ksize``, and the input channel count is taken
    from the first input.

    Args:
        in_channels (int or None): The number of input channels (None: from
            the first input).
        out_channels (tuple of ints): The output channels of each convolution
            (at least one).
        ksize (int or pair of ints): The filter size of the first convolution.
        stride (int or pair of ints): The stride of the first convolution.
        pad (int or pair of ints): The padding of the first convolution.
        activation (callable): The activation between the convolutions
            (default :func:`chainer.functions.relu`).
        conv_init: The initializer of every convolution's ``W`` (keyword
            only; None for LeCunNormal).
        bias_init: The initializer of every convolution's ``b`` (keyword
            only; None for zeros).

    Attributes:
        activation (callable): The activation.

    Raises:
        TypeError: For extra positional arguments or unknown keyword options
            (``wscale`` was removed: give ``conv_init`` instead).
    """  # noqa: E501

    def __init__(
        self,
        in_channels,
        out_channels,
        ksize=None,
        stride=1,
        pad=0,
        activation=F.relu,
        *args,
        **kwargs,
    ):
        if args:
            raise TypeError(
                f"{_NAME}: unexpected positional arguments after activation {args!r} "
                "(wscale is not supported anymore; give conv_init and bias_init by keyword)"
            )
        conv_init, bias_init = _utils.parse_kwargs(_NAME, kwargs, conv_init=None, bias_init=None)
        if ksize is None:
            in_channels, out_channels, ksize = None, in_channels, out_channels
        if _utils.is_int(out_channels) or not isinstance(out_channels, (tuple, list)):
            raise TypeError(
                f"{_NAME}: out_channels must be a non-empty tuple of ints, not {out_channels!r}"
            )
        if len(out_channels) == 0:
            raise ValueError(f"{_NAME}: out_channels must not be empty")
        if not callable(activation):
            raise TypeError(f"{_NAME}: activation must be callable, not {activation!r}")
        convs = [
            Convolution2D(
                in_channels,
                out_channels[0],
                ksize,
                stride,
                pad,
                initialW=conv_init,
                initial_bias=bias_init,
            )
        ]
        for n_in, n_out in zip(out_channels, out_channels[1:]):
            convs.append(Convolution2D(n_in, n_out, 1, initialW=conv_init, initial_bias=bias_init))
        super().__init__(*convs)
        self.activation = activation

    def forward(self, x):
        """Applies the convolutions with the activation between them.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: ``(n, out_channels[-1], h_O, w_O)``, the dtype of ``x``.
        """
        f = self.activation
        for conv in self[:-1]:
            x = f(conv(x))
        return self[-1](x)
