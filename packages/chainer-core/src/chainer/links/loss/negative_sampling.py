"""NegativeSampling: word2vec's negative sampling loss with its word vectors."""

from __future__ import annotations

import numpy

import chainer
from chainer import initializers, link
from chainer.functions.loss.negative_sampling import negative_sampling
from chainer.parameter import Parameter
from chainer.utils.walker_alias import WalkerAlias

__all__ = ["NegativeSampling"]


class NegativeSampling(link.Link):
    """Negative sampling loss layer.

    Negative words are drawn with probabilities proportional to
    ``counts ** power`` (by :class:`~chainer.utils.WalkerAlias`),
    ``sample_size`` per sample, on every call.

    Args:
        in_size (int): the size of the input vectors.
        counts (list of ints): the frequency of each word (its length is the
            vocabulary size).
        sample_size (int): the number of negative words per sample.
        power (float): the exponent applied to the counts.
        dtype: the dtype of ``W`` (the default dtype when None).

    Attributes:
        W (~chainer.Parameter): the word vectors ``(len(counts), in_size)``,
            zeros at first.
        sampler (~chainer.utils.WalkerAlias): the sampler of negative words.
        sample_size (int): the number of negative words per sample.

    .. seealso:: :func:`~chainer.functions.negative_sampling`
    """

    def __init__(self, in_size, counts, sample_size, power=0.75, dtype=None):
        super().__init__()
        dtype = chainer.get_dtype(dtype)
        vocab_size = len(counts)
        self.sample_size = sample_size
        weights = numpy.power(numpy.array(counts, dtype=numpy.float64), power)
        self.sampler = WalkerAlias(weights)
        with self.init_scope():
            self.W = Parameter(initializers.Zero(dtype), (vocab_size, in_size))

    def device_resident_accept(self, visitor):
        """Hands the parameters and the extra arrays (or state) to ``visitor``."""
        super().device_resident_accept(visitor)
        self.sampler.device_resident_accept(visitor)

    def forward(self, x, t, reduce="sum", **kwargs):
        """forward(self, x, t, reduce='sum', *, return_samples=False)

        The negative sampling loss.

        Args:
            x (~chainer.Variable or array): the inputs ``(N, in_size)``, of ``W``'s dtype.
            t (~chainer.Variable or array): the target words ``(N,)``, signed
                integers (-1 ignores a sample).
            reduce (str): ``'sum'`` (a 0-dim loss) or ``'no'`` (``(N,)``).
            return_samples (bool): also return the words used, int32
                ``(N, sample_size + 1)`` (column 0 is ``t``).

        Returns:
            ~chainer.Variable or tuple: the loss, or ``(loss, samples)``.
        """
        return negative_sampling(
            x, t, self.W, self.sampler.sample, self.sample_size, reduce=reduce, **kwargs
        )
