"""black_out: BlackOut, a sampled softmax loss with a discriminative objective."""

from __future__ import annotations

import chainer
from chainer import _array_types
from chainer.functions.array.concat import concat
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.array.get_item import get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.loss import _loss_args
from chainer.functions.loss.negative_sampling import _check_inputs
from chainer.functions.math.average import average
from chainer.functions.math.exponential import exp
from chainer.functions.math.logarithm_1p import log1p
from chainer.functions.math.logsumexp import logsumexp
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sum import sum as _sum
from chainer.variable import Variable

_FUNC = "black_out"


def black_out(x, t, W, samples, reduce="mean"):
    """BlackOut loss: the positive word against sampled negative words.

    With scores ``p = W[t_i] . x_i`` and ``q_j = W[s_ij] . x_i`` for the
    negative words ``s_i1 .. s_iK`` of sample ``i``, and
    ``log Z = logsumexp(p, q_1, ..., q_K)``, the loss of sample ``i`` is
    ``-(p - log Z) - sum_j log(1 - exp(q_j - log Z))``.

    Args:
        x (Variable or array): input vectors of shape ``(B, D)``, floating point.
        t (Variable or array): signed integer words of shape ``(B,)`` in ``[0, V)``.
        W (Variable or array): word vectors of shape ``(V, D)`` and ``x``'s dtype.
        samples (Variable or array): signed integer negative words of shape
            ``(B, K)`` in ``[0, V)``.
        reduce (str): ``'mean'`` for the mean loss over the batch (a scalar),
            ``'no'`` for each sample's loss.

    Returns:
        Variable: of ``x``'s dtype, 0-dim (``'mean'``) or of shape ``(B,)`` (``'no'``).

    Raises:
        ValueError: if ``reduce`` is not ``'mean'`` or ``'no'``, a shape or
            dtype does not match, or a word is out of range.
        TypeError: if an argument is not a Variable or an array.
    """
    reduce = _loss_args.check_reduce(_FUNC, reduce, ("mean", "no"))
    t = _check_inputs(_FUNC, x, t, W)
    samples = samples.array if isinstance(samples, Variable) else samples
    if not isinstance(samples, _array_types.ARRAY_TYPES) or samples.dtype.kind != "i":
        raise TypeError(f"{_FUNC}: samples must be a signed integer array of shape (B, K)")
    if samples.ndim != 2 or samples.shape[0] != x.shape[0]:
        raise ValueError(
            f"{_FUNC}: samples must have shape (x.shape[0], K) = ({x.shape[0]}, K), "
            f"but its shape is {samples.shape}"
        )
    xp = chainer.backend.get_array_module(x, W)
    n_batch, n_vocab = x.shape[0], W.shape[0]
    for name, words in (("t", t), ("samples", samples)):
        if words.size and bool(xp.any((words < 0) | (words >= n_vocab))):
            raise ValueError(f"{_FUNC}: every word in {name} must be in [0, V) = [0, {n_vocab})")

    column = expand_dims(x, 2)  # (B, D, 1)
    negative = reshape(matmul(get_item(W, samples), column), samples.shape)  # (B, K)
    positive = reshape(matmul(expand_dims(get_item(W, t), 1), column), (n_batch, 1))
    log_z = logsumexp(concat([positive, negative], axis=1), axis=1)  # (B,)
    log_z_col = reshape(log_z, (n_batch, 1))
    # log(1 - exp(q - log Z)) through log1p, accurate when exp(q - log Z) is small.
    negative_term = _sum(log1p(-exp(negative - log_z_col)), axis=1)
    loss = -(reshape(positive, (n_batch,)) - log_z + negative_term)
    if reduce == "mean":
        return average(loss)
    return loss
