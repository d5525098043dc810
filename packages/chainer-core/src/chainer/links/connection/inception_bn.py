"""InceptionBN: the inception module of Inception-v2, with batch normalization."""

from __future__ import annotations

import chainer
import chainer.functions as F
from chainer import link
from chainer.links.connection import _utils
from chainer.links.connection.convolution_2d import Convolution2D

_NAME = "InceptionBN"


def _batch_normalization(size, dtype):
    # Imported here: the normalization links live in their own package.
    from chainer.links.normalization.batch_normalization import BatchNormalization

    return BatchNormalization(size, dtype=dtype)


class InceptionBN(link.Chain):
    """Inception module with batch normalization (Ioffe and Szegedy, 2015).

    Every convolution has no bias and is followed by a
    :class:`~chainer.links.BatchNormalization` and ReLU. The branches, whose
    outputs are concatenated along the channels:

    1. (when ``out1 > 0``) a 1x1 convolution to ``out1`` channels;
    2. a 1x1 convolution to ``proj3`` channels, then a 3x3 convolution (pad
       1, stride ``stride``) to ``out3`` channels;
    3. a 1x1 convolution to ``proj33`` channels, a 3x3 convolution to
       ``out33`` channels and another 3x3 convolution (stride ``stride``) to
       ``out33`` channels;
    4. a 3x3 max or average pooling (pad 1, stride ``stride``), then (when
       ``proj_pool`` is given) a 1x1 convolution to ``proj_pool`` channels.

    Args:
        in_channels (int or None): The number of input channels (None: from
            the first input).
        out1 (int): The output channels of branch 1 (0 for no branch 1).
        proj3, out3 (int): The channel counts of branch 2.
        proj33, out33 (int): The channel counts of branch 3.
        pooltype (str): ``'max'`` or ``'avg'``.
        proj_pool (int or None): The output channels of the projection after
            the pooling; None to pass the pooled input through (then the
            pooled branch has ``in_channels`` channels).
        stride (int): The stride of the reducing layers; branch 1 needs
            ``stride == 1``.
        conv_init: The initializer of every convolution's ``W`` (None for LeCunNormal).
        dtype: The dtype of the batch normalization parameters (None for
            ``chainer.config.dtype``).

    Attributes:
        proj3, conv3, proj33, conv33a, conv33b (Convolution2D): Convolutions
            of branches 2 and 3.
        proj3n, conv3n, proj33n, conv33an, conv33bn (BatchNormalization): Their
            normalizations.
        conv1, conv1n: Branch 1 (when ``out1 > 0``).
        poolp, poolpn: The pooling projection (when ``proj_pool`` is given).

    Raises:
        ValueError: For an unknown ``pooltype``, or for ``out1 > 0`` with
            ``stride != 1`` or without ``proj_pool``.
    """

    def __init__(
        self,
        in_channels,
        out1,
        proj3,
        out3,
        proj33,
        out33,
        pooltype,
        proj_pool=None,
        stride=1,
        conv_init=None,
        dtype=None,
    ):
        super().__init__()
        self.out1 = _utils.check_size(_NAME, "out1", out1, minimum=0)
        for arg, value in (("proj3", proj3), ("out3", out3), ("proj33", proj33), ("out33", out33)):
            _utils.check_size(_NAME, arg, value)
        self.proj_pool = _utils.check_size(_NAME, "proj_pool", proj_pool, allow_none=True)
        self.stride = _utils.check_size(_NAME, "stride", stride)
        if pooltype not in ("max", "avg"):
            raise ValueError(f"{_NAME}: pooltype must be 'max' or 'avg', got {pooltype!r}")
        self.pooltype = pooltype
        if self.out1 > 0:
            if self.stride != 1:
                raise ValueError(f"{_NAME}: out1 > 0 needs stride == 1, got stride={stride}")
            if self.proj_pool is None:
                raise ValueError(f"{_NAME}: out1 > 0 needs proj_pool, got None")
        dtype = chainer.get_dtype(dtype)

        def conv(n_in, n_out, ksize, **kwargs):
            return Convolution2D(n_in, n_out, ksize, nobias=True, initialW=conv_init, **kwargs)

        with self.init_scope():
            self.proj3 = conv(in_channels, proj3, 1)
            self.conv3 = conv(proj3, out3, 3, pad=1, stride=stride)
            self.proj33 = conv(in_channels, proj33, 1)
            self.conv33a = conv(proj33, out33, 3, pad=1)
            self.conv33b = conv(out33, out33, 3, pad=1, stride=stride)
            self.proj3n = _batch_normalization(proj3, dtype)
            self.conv3n = _batch_normalization(out3, dtype)
            self.proj33n = _batch_normalization(proj33, dtype)
            self.conv33an = _batch_normalization(out33, dtype)
            self.conv33bn = _batch_normalization(out33, dtype)
            if self.out1 > 0:
                self.conv1 = conv(in_channels, out1, 1, stride=stride)
                self.conv1n = _batch_normalization(out1, dtype)
            if self.proj_pool is not None:
                self.poolp = conv(in_channels, proj_pool, 1)
                self.poolpn = _batch_normalization(proj_pool, dtype)

    def forward(self, x):
        """Applies the inception module.

        Args:
            x (Variable or array): Images ``(n, in_channels, h, w)``, floating point.

        Returns:
            Variable: The concatenated branches, ``(n, c, h_O, w_O)`` with
            ``h_O = (h - 1) // stride + 1`` (likewise ``w_O``), the dtype of ``x``.
        """
        outs = []
        if self.out1 > 0:
            outs.append(F.relu(self.conv1n(self.conv1(x))))
        h3 = F.relu(self.proj3n(self.proj3(x)))
        outs.append(F.relu(self.conv3n(self.conv3(h3))))
        h33 = F.relu(self.proj33n(self.proj33(x)))
        h33 = F.relu(self.conv33an(self.conv33a(h33)))
        outs.append(F.relu(self.conv33bn(self.conv33b(h33))))
        if self.pooltype == "max":
            p = F.max_pooling_2d(x, 3, stride=self.stride, pad=1, cover_all=False)
        else:
            p = F.average_pooling_2d(x, 3, stride=self.stride, pad=1)
        if self.proj_pool is not None:
            p = F.relu(self.poolpn(self.poolp(p)))
        outs.append(p)
        return F.concat(outs, axis=1)
