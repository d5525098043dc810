"""Inception: the GoogLeNet inception module (four parallel branches, concatenated)."""

from __future__ import annotations

import chainer.functions as F
from chainer import link
from chainer.links.connection import _utils
from chainer.links.connection.convolution_2d import Convolution2D


class Inception(link.Chain):
    """Inception module of GoogLeNet (Szegedy et al., 2014).

    Four branches run on the input and their outputs are concatenated along
    the channels, then passed through ReLU:

    1. a 1x1 convolution to ``out1`` channels;
    2. a 1x1 convolution to ``proj3`` channels, ReLU, and a 3x3 convolution
       (pad 1) to ``out3`` channels;
    3. a 1x1 convolution to ``proj5`` channels, ReLU, and a 5x5 convolution
       (pad 2) to ``out5`` channels;
    4. a 3x3 max pooling (stride 1, pad 1) and a 1x1 convolution to
       ``proj_pool`` channels.

    The output has ``out1 + out3 + out5 + proj_pool`` channels and the
    input's height and width.

    Args:
        in_channels (int or None): The number of input channels (None: from
            the first input).
        out1, proj3, out3, proj5, out5, proj_pool (int): The channel counts above.
        conv_init: The initializer of every convolution's ``W`` (None for LeCunNormal).
        bias_init: The initializer of every convolution's ``b`` (None for zeros).

    Attributes:
        conv1, proj3, conv3, proj5, conv5, projp (Convolution2D): The convolutions.
    """

    def __init__(
        self,
        in_channels,
        out1,
        proj3,
        out3,
        proj5,
        out5,
        proj_pool,
        conv_init=None,
        bias_init=None,
    ):
        super().__init__()
        name = "Inception"
        for arg, value in (
            ("out1", out1),
            ("proj3", proj3),
            ("out3", out3),
            ("proj5", proj5),
            ("out5", out5),
            ("proj_pool", proj_pool),
        ):
            _utils.check_size(name, arg, value)
        init = {"initialW": conv_init, "initial_bias": bias_init}
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, out1, 1, **init)
            self.proj3 = Convolution2D(in_channels, proj3, 1, **init)
            self.conv3 = Convolution2D(proj3, out3, 3, pad=1, **init)
            self.proj5 = Convolution2D(in_channels, proj5, 1, **init)
            self.conv5 = Convolution2D(proj5, out5, 5, pad=2, **init)
            self.projp = Convolution2D(in_channels, proj_pool, 1, **init)

    def forward(self, x):
        """Applies the inception module.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: ``(n, out1 + out3 + out5 + proj_pool, h, w)``, the dtype of ``x``.
        """
        out1 = self.conv1(x)
        out3 = self.conv3(F.relu(self.proj3(x)))
        out5 = self.conv5(F.relu(self.proj5(x)))
        pool = self.projp(F.max_pooling_2d(x, 3, stride=1, pad=1))
        return F.relu(F.concat((out1, out3, out5, pool), axis=1))
