"""BlackOut: a sampled softmax loss with weighted negative samples."""

from __future__ import annotations

import numpy

from chainer import link
from chainer.functions.loss.black_out import black_out
from chainer.parameter import Parameter
from chainer.utils.walker_alias import WalkerAlias
from chainer.variable import Variable

__all__ = ["BlackOut"]


class BlackOut(link.Link):
    """BlackOut loss layer.

    Negative words are drawn with probabilities proportional to ``counts``
    (by :class:`~chainer.utils.WalkerAlias`), ``sample_size`` per sample, on
    every call.

    Args:
        in_size (int): the size of the input vectors.
        counts (list of ints): the frequency of each word (its length is the
            vocabulary size).
        sample_size (int): the number of negative words per sample.

    Attributes:
        W (~chainer.Parameter): the word vectors ``(len(counts), in_size)``.
            As in Chainer v7 it is created filled with NaN (no initializer is
            given): assign its values (``link.W.array[...] = ...``) before
            use.
        sampler (~chainer.utils.WalkerAlias): the sampler of negative words.
        sample_size (int): the number of negative words per sample.
        sample_data (array or None): when set, used as the negative words
            ``(N, sample_size)`` instead of drawing them (for tests).

    .. seealso:: :func:`~chainer.functions.black_out`
    """

    sample_data = None

    def __init__(self, in_size, counts, sample_size):
        super().__init__()
        vocab_size = len(counts)
        self.sampler = WalkerAlias(numpy.array(counts, dtype=numpy.float32))
        self.sample_size = sample_size
        with self.init_scope():
            self.W = Parameter(shape=(vocab_size, in_size))

    def device_resident_accept(self, visitor):
        """Hands the parameters and the extra arrays (or state) to ``visitor``."""
        super().device_resident_accept(visitor)
        self.sampler.device_resident_accept(visitor)

    def forward(self, x, t):
        """The mean BlackOut loss over the batch.

        Args:
            x (~chainer.Variable or array): the inputs ``(N, in_size)``, of ``W``'s dtype.
            t (~chainer.Variable or array): the target words ``(N,)``, signed integers.

        Returns:
            ~chainer.Variable: the loss (0-dim).
        """
        if self.sample_data is not None:
            samples = self.sample_data
        else:
            samples = self.sampler.sample((x.shape[0], self.sample_size))
        return black_out(x, t, self.W, Variable(samples, requires_grad=False))
