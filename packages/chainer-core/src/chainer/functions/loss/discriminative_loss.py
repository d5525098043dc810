"""discriminative_margin_based_clustering_loss: pull/push losses of pixel embeddings.

The loss of De Brabandere et al., "Semantic Instance Segmentation with a
Discriminative Loss Function" (arXiv:1708.02551), as Chainer v7 defines it:
instance ``c`` (label ``c``, ``1 <= c <= C``) of image ``b`` has the mean
embedding ``mu[c, b]`` of its pixels (0 for an absent instance), and

- variance term: ``(1 / C) sum_c sum_{b, pixel in c} relu(|mu[c, b] - e| - delta_v)^2 / n_c``,
  ``n_c`` the number of pixels of label ``c`` in the batch (at least 1);
- distance term: ``sum_{c < c', b} relu(2 delta_d - |mu[c, b] - mu[c', b]|)^2 / (P B)``
  over the ``P = C (C - 1) / 2`` pairs of instances (absent ones included);
- regularization term: ``sum_c |mu[c, :, :]| / (C B)``, the norm taken over
  the batch and the embedding axes together.

``|.|`` is the L1 or the L2 norm (``norm``); label 0 and labels above ``C``
are background, left out of every term.
"""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.functions.activation.relu import relu
from chainer.functions.array.cast import cast
from chainer.functions.array.get_item import get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.array.transpose import transpose
from chainer.functions.array.where import where
from chainer.functions.loss import _loss_args
from chainer.functions.math.basic_math import absolute
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sqrt import sqrt
from chainer.functions.math.square import square
from chainer.functions.math.sum import sum as _sum
from chainer.variable import Variable

_FUNC = "discriminative_margin_based_clustering_loss"


def _norm(v, axis, order):
    """The L1 or L2 norm of ``v`` over ``axis``; the L2 norm has gradient 0 (not NaN) at 0."""
    if order == 1:
        return _sum(absolute(v), axis=axis)
    squares = _sum(square(v), axis=axis)
    positive = squares.array > 0
    return where(positive, sqrt(where(positive, squares, squares.dtype.type(1))), 0.0)


def _real(name, value, minimum=None):
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{_FUNC}: {name} must be a real number, not {type(value).__name__}")
    if minimum is not None and not value >= minimum:
        raise ValueError(f"{_FUNC}: {name} must be at least {minimum}, not {value!r}")
    return float(value)


def discriminative_margin_based_clustering_loss(
    embeddings,
    labels,
    delta_v,
    delta_d,
    max_embedding_dim,
    norm=1,
    alpha=1.0,
    beta=1.0,
    gamma=0.001,
):
    """Discriminative margin-based clustering loss for instance segmentation.

    Pixels of one instance are pulled to their mean embedding until they are
    within ``delta_v`` of it (variance term); the means of different
    instances are pushed apart until they are ``2 * delta_d`` apart
    (distance term); a small regularization keeps the means near the origin.
    See the module docstring for the exact formulas (Chainer v7's).

    Args:
        embeddings (Variable or array): pixel embeddings of shape
            ``(B, C, H, W)``, floating point; ``C == max_embedding_dim``.
        labels (Variable or array): signed integer instance labels of shape
            ``(B, H, W)``; instance ``c`` has label ``c`` for ``1 <= c <= C``,
            any other value is background.
        delta_v (float): the variance margin, at least 0.
        delta_d (float): the distance margin, at least 0.
        max_embedding_dim (int): ``C``, both the embedding size and the
            largest number of instances.
        norm (int): 1 (L1) or 2 (L2), the norm of the distances.
        alpha (float): the weight of the variance term.
        beta (float): the weight of the distance term.
        gamma (float): the weight of the regularization term.

    Returns:
        tuple of Variable: ``(alpha * variance, beta * distance, gamma *
        regularization)``, three 0-dim arrays of ``embeddings``' dtype
        (float16 is computed in float32).

    Raises:
        ValueError: if ``max_embedding_dim`` is not positive or differs from
            ``embeddings.shape[1]``, ``norm`` is not 1 or 2, a margin is
            negative, or a shape does not match.
        TypeError: if an argument has the wrong type.
    """
    if isinstance(max_embedding_dim, (bool, numpy.bool_)) or not isinstance(
        max_embedding_dim, numbers.Integral
    ):
        raise TypeError(
            f"{_FUNC}: max_embedding_dim must be an int, not {type(max_embedding_dim).__name__}"
        )
    n_cluster = int(max_embedding_dim)
    if n_cluster <= 0:
        raise ValueError(f"{_FUNC}: max_embedding_dim must be positive, not {n_cluster}")
    if isinstance(norm, (bool, numpy.bool_)) or norm not in (1, 2):
        raise ValueError(f"{_FUNC}: norm must be 1 or 2, not {norm!r}")
    delta_v = _real("delta_v", delta_v, 0)
    delta_d = _real("delta_d", delta_d, 0)
    alpha, beta, gamma = (
        _real(n, v) for n, v in (("alpha", alpha), ("beta", beta), ("gamma", gamma))
    )
    if not isinstance(embeddings, (Variable,) + _array_types.ARRAY_TYPES):
        raise TypeError(
            f"{_FUNC}: embeddings must be a Variable or an array, not {type(embeddings).__name__}"
        )
    if embeddings.ndim != 4 or embeddings.dtype.kind != "f":
        raise ValueError(
            f"{_FUNC}: embeddings must be a 4-D (B, C, H, W) floating-point array, but it has "
            f"shape {embeddings.shape} and dtype {embeddings.dtype}"
        )
    n_batch, n_dim, height, width = embeddings.shape
    if n_dim != n_cluster:
        raise ValueError(
            f"{_FUNC}: embeddings.shape[1] must equal max_embedding_dim = {n_cluster}, not {n_dim}"
        )
    labels = labels.array if isinstance(labels, Variable) else labels
    if not isinstance(labels, _array_types.ARRAY_TYPES) or labels.dtype.kind != "i":
        raise TypeError(f"{_FUNC}: labels must be a signed integer array of shape (B, H, W)")
    if labels.shape != (n_batch, height, width):
        raise ValueError(
            f"{_FUNC}: labels must have shape (B, H, W) = {(n_batch, height, width)}, "
            f"not {labels.shape}"
        )

    xp = chainer.backend.get_array_module(embeddings)
    out_dtype = embeddings.dtype
    dtype = _loss_args.accum_dtype(out_dtype)
    emb = embeddings if out_dtype == dtype else cast(embeddings, dtype)
    n_pixel = height * width
    emb = reshape(emb, (n_batch, n_dim, n_pixel))
    labels = labels.reshape(n_batch, n_pixel)

    # Instance masks (B, N, C) and pixel counts (C, B).
    member = labels[:, :, None] == xp.arange(1, n_cluster + 1)[None, None, :]
    counts = member.sum(axis=1).T.astype(dtype)
    # Means mu[c, b, :] of each instance's embeddings (0 for an absent instance).
    sums = transpose(matmul(emb, member.astype(dtype)), (2, 0, 1))  # (C, B, D)
    means = sums / xp.maximum(counts, 1)[:, :, None]

    # Variance term, over the pixels that belong to an instance.
    inside = (labels >= 1) & (labels <= n_cluster)
    cluster = xp.where(inside, labels - 1, 0)
    own_mean = get_item(means, (cluster, xp.arange(n_batch)[:, None]))  # (B, N, D)
    diff = (own_mean - transpose(emb, (0, 2, 1))) * inside[:, :, None].astype(dtype)
    dist = _norm(diff, 2, norm)
    totals = xp.maximum(counts.sum(axis=1), 1)  # pixels of each instance in the batch
    weight = xp.where(inside, 1 / (totals[cluster] * n_cluster), 0).astype(dtype)
    l_var = _sum(square(relu(dist - delta_v)) * weight)

    # Distance term, over the pairs of instances.
    first, second = numpy.triu_indices(n_cluster, 1)
    n_pair = first.size
    pair_diff = get_item(means, xp.asarray(first)) - get_item(means, xp.asarray(second))
    pair_dist = _norm(pair_diff, 2, norm)
    l_dist = _sum(square(relu(2 * delta_d - pair_dist))) * dtype.type(
        1.0 / max(n_pair * n_batch, 1)
    )

    # Regularization term.
    l_reg = _sum(_norm(means, (1, 2), norm)) * dtype.type(1.0 / (n_cluster * n_batch))

    terms = (l_var * alpha, l_dist * beta, l_reg * gamma)
    if dtype != out_dtype:
        terms = tuple(cast(term, out_dtype) for term in terms)
    return terms
