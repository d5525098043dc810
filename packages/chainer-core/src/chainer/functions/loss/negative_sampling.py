"""negative_sampling: the word2vec loss of one positive and several sampled negative words."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.functions.activation.softplus import softplus
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.array.get_item import get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.array.where import where
from chainer.functions.loss import _loss_args
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sum import sum as _sum
from chainer.functions.noise.dropout import parse_kwargs
from chainer.variable import Variable

_FUNC = "negative_sampling"
# The label of samples to leave out (they contribute 0).
_IGNORE_LABEL = -1


def _check_inputs(func, x, t, W):
    """Checks ``x (B, D)``, ``t (B,)`` and ``W (V, D)``; returns ``t`` as an array."""
    for name, value in (("x", x), ("W", W)):
        if not isinstance(value, (Variable,) + _array_types.ARRAY_TYPES):
            raise TypeError(
                f"{func}: {name} must be a Variable or an array, not {type(value).__name__}"
            )
        if value.ndim != 2 or value.dtype.kind != "f":
            raise ValueError(
                f"{func}: {name} must be a 2-D floating-point array, "
                f"but it has shape {value.shape} and dtype {value.dtype}"
            )
    if x.shape[1] != W.shape[1] or x.dtype != W.dtype:
        raise ValueError(
            f"{func}: x (B, D) and W (V, D) must agree in D and dtype, but x is "
            f"{x.shape} {x.dtype} and W is {W.shape} {W.dtype}"
        )
    t = t.array if isinstance(t, Variable) else t
    if not isinstance(t, _array_types.ARRAY_TYPES) or t.dtype.kind != "i":
        raise TypeError(f"{func}: t must be a signed integer array of shape (B,)")
    if t.shape != (x.shape[0],):
        raise ValueError(
            f"{func}: t must have shape (x.shape[0],) = ({x.shape[0]},), but its shape is {t.shape}"
        )
    return t


def negative_sampling(x, t, W, sampler, sample_size, reduce="sum", **kwargs):
    """Negative sampling loss (word2vec's skip-gram objective).

    For sample ``i`` with input ``x_i``, positive word ``t_i`` and negative
    words ``n_1 .. n_k`` drawn by ``sampler``, the loss is
    ``softplus(-W[t_i] . x_i) + sum_j softplus(W[n_j] . x_i)``
    (``-log sigmoid`` of the positive score plus ``-log sigmoid(-score)`` of
    each negative). Samples with ``t_i == -1`` contribute 0.

    Args:
        x (Variable or array): input vectors of shape ``(B, D)``, floating point.
        t (Variable or array): signed integer words of shape ``(B,)``, in
            ``[0, V)`` or ``-1`` (ignored).
        W (Variable or array): word vectors of shape ``(V, D)`` and ``x``'s dtype.
        sampler (callable): ``sampler(shape)`` returns integer words in
            ``[0, V)`` of ``shape``, an array of ``x``'s device (for example
            :meth:`chainer.utils.WalkerAlias.sample`).
        sample_size (int): the number ``k >= 0`` of negative words per sample.
        reduce (str): ``'sum'`` for the summed loss (a scalar), ``'no'`` for
            each sample's loss.
        return_samples (bool): keyword only; if True, also return the words
            used, an int32 array of shape ``(B, k + 1)``: column 0 holds ``t``,
            the others the negative words.

    Returns:
        Variable or tuple: the loss, of ``x``'s dtype, 0-dim (``'sum'``) or of
        shape ``(B,)`` (``'no'``); with ``return_samples=True``, the pair
        ``(loss, samples)``.

    Raises:
        ValueError: if ``reduce`` is not ``'sum'`` or ``'no'``, a shape or
            dtype does not match, or a word is out of range.
        TypeError: for an unknown keyword argument, a ``sampler`` that is not
            callable or returns no integer array of ``x``'s device, or a
            ``sample_size`` that is not an int.
    """
    (return_samples,) = parse_kwargs(_FUNC, kwargs, {"return_samples": False})
    reduce = _loss_args.check_reduce(_FUNC, reduce, ("sum", "no"))
    t = _check_inputs(_FUNC, x, t, W)
    if not callable(sampler):
        raise TypeError(f"{_FUNC}: sampler must be callable, not {type(sampler).__name__}")
    if isinstance(sample_size, (bool, numpy.bool_)) or not isinstance(
        sample_size, numbers.Integral
    ):
        raise TypeError(f"{_FUNC}: sample_size must be an int, not {type(sample_size).__name__}")
    if sample_size < 0:
        raise ValueError(f"{_FUNC}: sample_size must be non-negative, not {sample_size}")
    xp = chainer.backend.get_array_module(x, W)
    n_batch, n_vocab = x.shape[0], W.shape[0]

    drawn = sampler((n_batch, int(sample_size) + 1))
    if not isinstance(drawn, _array_types.ARRAY_TYPES) or drawn.dtype.kind not in "iu":
        raise TypeError(f"{_FUNC}: sampler must return an integer array")
    if chainer.backend.get_array_module(drawn) is not xp:
        raise TypeError(
            f"{_FUNC}: sampler returned a {type(drawn).__module__} array but x is a "
            f"{xp.__name__} array; move the sampler to x's device"
        )
    if drawn.shape != (n_batch, sample_size + 1):
        raise ValueError(
            f"{_FUNC}: sampler((B, k + 1)) must return that shape, "
            f"{(n_batch, sample_size + 1)}, not {drawn.shape}"
        )
    samples = drawn.astype(numpy.int32)  # a copy: column 0 is overwritten
    samples[:, 0] = t
    valid = t != _IGNORE_LABEL
    words = xp.where(valid[:, None], samples, 0)
    if words.size and bool(xp.any((words < 0) | (words >= n_vocab))):
        raise ValueError(
            f"{_FUNC}: every word in t and in the samples must be in [0, V) = [0, {n_vocab}) "
            f"(or -1 in t)"
        )

    w = get_item(W, words)  # (B, k + 1, D)
    scores = reshape(matmul(w, expand_dims(x, 2)), (n_batch, sample_size + 1))
    sign = xp.ones((sample_size + 1,), dtype=x.dtype)
    sign[0] = -1
    loss = where(valid, _sum(softplus(scores * sign), axis=1), x.dtype.type(0))
    if reduce == "sum":
        loss = _sum(loss)
    if return_samples:
        return loss, samples
    return loss
