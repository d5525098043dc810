"""SimplifiedDropconnect: a fully-connected layer whose weights are dropped at random."""

from __future__ import annotations

import math

import numpy

from chainer import initializers, link
from chainer.functions.noise.simplified_dropconnect import simplified_dropconnect
from chainer.parameter import Parameter

__all__ = ["SimplifiedDropconnect"]


class SimplifiedDropconnect(link.Link):
    """A fully-connected layer with simplified DropConnect.

    In training each weight is zeroed with probability ``ratio`` (the
    survivors scaled by ``1 / (1 - ratio)``), with one mask per sample or,
    with ``use_batchwise_mask=False``, one for the whole batch; otherwise it
    is a plain linear layer ``y = x W^T + b``.

    Args:
        in_size (int or None): the input size; None defers the creation of
            ``W`` to the first forward, which takes the size of one sample
            (``x.size // x.shape[0]``).
        out_size (int): the output size.
        ratio (float): the probability of dropping each weight.
        nobias (bool): no bias if True.
        initialW: the initializer of ``W`` (``HeNormal(1 / sqrt(2))`` when
            None).
        initial_bias: the initializer of ``b`` (zeros when None).

    Attributes:
        W (~chainer.Parameter): the weight ``(out_size, in_size)``.
        b (~chainer.Parameter or None): the bias ``(out_size,)``.
        ratio (float): the drop ratio.
        out_size (int): the output size.

    .. seealso:: :func:`chainer.functions.simplified_dropconnect`
    """

    def __init__(
        self, in_size, out_size, ratio=0.5, nobias=False, initialW=None, initial_bias=None
    ):
        super().__init__()
        self.out_size = out_size
        self.ratio = ratio
        if initialW is None:
            initialW = initializers.HeNormal(1.0 / numpy.sqrt(2))
        with self.init_scope():
            self.W = Parameter(initializers._get_initializer(initialW))
            if in_size is not None:
                self._initialize_params(in_size)
            if nobias:
                self.b = None
            else:
                if initial_bias is None:
                    initial_bias = initializers.Constant(0)
                self.b = Parameter(initializers._get_initializer(initial_bias), out_size)

    def _initialize_params(self, in_size):
        self.W.initialize((self.out_size, in_size))

    def forward(self, x, train=True, mask=None, use_batchwise_mask=True):
        """Applies the layer.

        Args:
            x (~chainer.Variable or array): the input ``(N, ...)``; the axes
                after the first are flattened to ``in_size``.
            train (bool): drop weights if True, else act as a plain linear
                layer. As in Chainer v7, ``chainer.config.train`` is not
                consulted: pass ``train=False`` at inference.
            mask (array or None): the 0/1 mask to use instead of a random one,
                ``(N, out_size, in_size)`` (or ``(out_size, in_size)`` with
                ``use_batchwise_mask=False``).
            use_batchwise_mask (bool): one mask per sample if True.

        Returns:
            ~chainer.Variable: the output ``(N, out_size)``.
        """
        if self.W.array is None:
            self._initialize_params(math.prod(x.shape[1:]))
        return simplified_dropconnect(
            x, self.W, self.b, self.ratio, train, mask, use_batchwise_mask
        )
