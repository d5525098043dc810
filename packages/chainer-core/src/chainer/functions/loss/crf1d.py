"""crf1d and argmax_crf1d: a linear-chain conditional random field over label sequences.

Sequences come in time-major ("transposed") form, as
:func:`~chainer.functions.transpose_sequence` makes them: step ``t`` holds
the ``B_t`` sequences that are longer than ``t``, and ``B_0 >= B_1 >= ...``
(sequences sorted by decreasing length).
"""

from __future__ import annotations

import numpy

import chainer
from chainer import _array_types
from chainer.functions.array.concat import concat
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.array.get_item import get_item
from chainer.functions.array.reshape import reshape
from chainer.functions.array.scatter_add import scatter_add
from chainer.functions.array.select_item import select_item
from chainer.functions.array.separate import separate
from chainer.functions.array.split_axis import split_axis
from chainer.functions.loss import _loss_args
from chainer.functions.math.logsumexp import logsumexp
from chainer.functions.math.sum import sum as _sum
from chainer.variable import Variable


def _array_of(value):
    return value.array if isinstance(value, Variable) else value


def _check_cost(func, cost):
    if not isinstance(cost, (Variable,) + _array_types.ARRAY_TYPES):
        raise TypeError(
            f"{func}: cost must be a Variable or an array of shape (K, K), "
            f"not {type(cost).__name__}"
        )
    if cost.ndim != 2 or cost.shape[0] != cost.shape[1]:
        raise ValueError(f"{func}: cost must have shape (K, K), but its shape is {cost.shape}")
    if cost.dtype.kind != "f":
        raise ValueError(f"{func}: cost must be floating point, not {cost.dtype}")


def _steps(func, xs):
    """``xs`` as a list of per-step inputs of shape ``(B_t, K)``."""
    if isinstance(xs, (list, tuple)):
        steps = list(xs)
    elif isinstance(xs, (Variable,) + _array_types.ARRAY_TYPES):
        if xs.ndim != 3:
            raise ValueError(
                f"{func}: xs must be a list of (B_t, K) arrays or one (T, B, K) array, "
                f"but its shape is {xs.shape}"
            )
        steps = list(separate(xs, axis=0)) if len(xs) else []
    else:
        raise TypeError(
            f"{func}: xs must be a list of Variables or arrays, not {type(xs).__name__}"
        )
    if not steps:
        raise ValueError(f"{func}: xs must hold at least one time step")
    return steps


def _check_steps(func, cost, xs):
    n_label = cost.shape[0]
    previous = None
    for i, x in enumerate(xs):
        if not isinstance(x, (Variable,) + _array_types.ARRAY_TYPES):
            raise TypeError(
                f"{func}: xs[{i}] must be a Variable or an array, not {type(x).__name__}"
            )
        if x.ndim != 2 or x.shape[1] != n_label:
            raise ValueError(
                f"{func}: xs[{i}] must have shape (B_{i}, {n_label}) (K = cost.shape[0]), "
                f"but its shape is {x.shape}"
            )
        if x.dtype != cost.dtype:
            raise ValueError(f"{func}: xs[{i}] has dtype {x.dtype}, but cost has {cost.dtype}")
        if previous is not None and x.shape[0] > previous:
            raise ValueError(
                f"{func}: the batch sizes of xs must not increase (sequences sorted by "
                f"decreasing length), but xs[{i}] has {x.shape[0]} rows after {previous}"
            )
        previous = x.shape[0]
    return [x.shape[0] for x in xs]


def _check_labels(func, ys, batch_sizes, n_label, xp):
    if isinstance(ys, (Variable,) + _array_types.ARRAY_TYPES):
        ys = _array_of(ys)
        if ys.ndim != 2:
            raise ValueError(
                f"{func}: ys must be a list of (B_t,) arrays or one (T, B) array, "
                f"but its shape is {ys.shape}"
            )
        ys = [ys[i] for i in range(ys.shape[0])]
    elif isinstance(ys, (list, tuple)):
        ys = [_array_of(y) for y in ys]
    else:
        raise TypeError(f"{func}: ys must be a list of arrays, not {type(ys).__name__}")
    if len(ys) != len(batch_sizes):
        raise ValueError(
            f"{func}: ys must have one entry per step of xs ({len(batch_sizes)}), not {len(ys)}"
        )
    for i, (y, b) in enumerate(zip(ys, batch_sizes)):
        if not isinstance(y, _array_types.ARRAY_TYPES) or y.dtype.kind not in "iu":
            raise TypeError(f"{func}: ys[{i}] must be an integer array")
        if y.shape != (b,):
            raise ValueError(f"{func}: ys[{i}] must have shape ({b},), but its shape is {y.shape}")
    flat = xp.concatenate(ys).astype(numpy.int32, copy=False)
    if flat.size and bool(xp.any((flat < 0) | (flat >= n_label))):
        raise ValueError(f"{func}: every label in ys must satisfy 0 <= y < K = {n_label}")
    return [y.astype(numpy.int32, copy=False) for y in ys], flat


def _path_score(cost, xs, ys, flat_ys, batch_sizes, xp):
    """The score of the labelled paths: sum of ``xs[t][i, ys[t][i]]`` and the transition costs."""
    n_label = cost.shape[0]
    values = [select_item(concat(xs, axis=0) if len(xs) > 1 else xs[0], flat_ys)]
    owners = [xp.arange(b, dtype=numpy.int32) for b in batch_sizes]
    if len(xs) > 1:
        prev = xp.concatenate([ys[t - 1][: batch_sizes[t]] for t in range(1, len(xs))])
        pairs = prev * n_label + xp.concatenate(ys[1:])
        values.append(get_item(reshape(cost, (n_label * n_label,)), pairs))
        owners += [xp.arange(b, dtype=numpy.int32) for b in batch_sizes[1:]]
    values = concat(values, axis=0) if len(values) > 1 else values[0]
    zeros = xp.zeros((batch_sizes[0],), dtype=cost.dtype)
    return scatter_add(zeros, xp.concatenate(owners), values)


def crf1d(cost, xs, ys, reduce="mean"):
    """The negative log-likelihood of a linear-chain conditional random field.

    For one sequence of length ``T`` with unary scores ``x_t`` (one row per
    label) and labels ``y_1 .. y_T``, the score of a label path is
    ``s(y) = sum_t x_t[y_t] + sum_{t>1} cost[y_{t-1}, y_t]`` and the loss is
    ``log Z - s(y)`` with ``log Z = logsumexp`` of ``s`` over all ``K**T``
    paths, computed by the forward algorithm (one ``logsumexp`` per step).

    Args:
        cost (Variable or array): transition scores of shape ``(K, K)``,
            floating point; ``cost[i, j]`` is the score of label ``j``
            following label ``i``.
        xs (list of Variable or array, or a Variable or array): the unary
            scores, a list of ``T`` arrays; ``xs[t]`` has shape ``(B_t, K)``
            and the dtype of ``cost``, with ``B_0 >= B_1 >= ...`` (row ``i``
            of every step belongs to sequence ``i``; sequences are sorted by
            decreasing length, as :func:`~chainer.functions.transpose_sequence`
            arranges them). A ``(T, B, K)`` array means ``T`` steps of ``B``.
        ys (list of arrays, or an array): the labels, ``ys[t]`` of shape
            ``(B_t,)``, integers in ``[0, K)`` (or one ``(T, B)`` array).
        reduce (str): ``'mean'`` for the mean loss over the ``B_0`` sequences,
            ``'no'`` for the loss of each sequence.

    Returns:
        Variable: a 0-dim array (``reduce='mean'``) or an array of shape
        ``(B_0,)`` (``reduce='no'``), of ``cost``'s dtype.

    Raises:
        ValueError: if ``reduce`` is not ``'mean'`` or ``'no'``, a shape does
            not match, the batch sizes increase, or a label is out of range.
        TypeError: if ``xs`` or ``ys`` is not a list or an array.
    """
    func = "crf1d"
    reduce = _loss_args.check_reduce(func, reduce, ("mean", "no"))
    _check_cost(func, cost)
    xs = _steps(func, xs)
    batch_sizes = _check_steps(func, cost, xs)
    xp = chainer.backend.get_array_module(cost, *xs)
    ys, flat_ys = _check_labels(func, ys, batch_sizes, cost.shape[0], xp)

    # The forward algorithm: alpha[i, k] = log of the summed exp-scores of the
    # paths of sequence i that end in label k at the current step.
    alpha = xs[0]
    finished = []
    for x in xs[1:]:
        batch = x.shape[0]
        if alpha.shape[0] > batch:
            alpha, done = split_axis(alpha, [batch], axis=0)
            finished.append(done)
        alpha = logsumexp(expand_dims(alpha, 2) + cost, axis=1) + x
    if finished:
        # Rows of shorter sequences come after those of longer ones.
        alpha = concat([alpha, *finished[::-1]], axis=0)
    log_z = logsumexp(alpha, axis=1)

    loss = log_z - _path_score(cost, xs, ys, flat_ys, batch_sizes, xp)
    if reduce == "mean":
        return _sum(loss) * loss.dtype.type(1.0 / batch_sizes[0])
    return loss


def argmax_crf1d(cost, xs):
    """The best label path of a linear-chain CRF for each sequence (Viterbi decoding).

    Args:
        cost (Variable or array): transition scores of shape ``(K, K)`` (see
            :func:`crf1d`).
        xs (list of Variable or array, or a Variable or array): unary scores,
            ``xs[t]`` of shape ``(B_t, K)`` with ``B_0 >= B_1 >= ...`` (see
            :func:`crf1d`).

    Returns:
        tuple: ``(score, path)``. ``score`` is a Variable of shape ``(B_0,)``
        and ``cost``'s dtype holding the score of each sequence's best path
        (differentiable: it is the sum of the unary and transition scores
        along that path); ``path`` is a list of ``T`` int32 arrays,
        ``path[t]`` of shape ``(B_t,)``, the best label of each sequence at
        step ``t``.

    Raises:
        ValueError: if a shape does not match or the batch sizes increase.
        TypeError: if ``xs`` is not a list or an array.
    """
    func = "argmax_crf1d"
    _check_cost(func, cost)
    xs = _steps(func, xs)
    batch_sizes = _check_steps(func, cost, xs)
    xp = chainer.backend.get_array_module(cost, *xs)
    cost_a = _array_of(cost)

    # Viterbi: the best score of a path ending in each label, and back pointers.
    alpha = _array_of(xs[0])
    final = xp.empty_like(alpha)
    back = []
    for x in xs[1:]:
        batch = x.shape[0]
        final[batch : alpha.shape[0]] = alpha[batch:]
        scores = alpha[:batch, :, None] + cost_a
        back.append(scores.argmax(axis=1).astype(numpy.int32))
        alpha = scores.max(axis=1) + _array_of(x)
    final[: alpha.shape[0]] = alpha
    best_last = final.argmax(axis=1).astype(numpy.int32)

    path = [best_last[: batch_sizes[-1]]]
    for t in range(len(xs) - 1, 0, -1):
        current = path[-1]
        previous = back[t - 1][xp.arange(batch_sizes[t]), current]
        # Sequences that end at step t - 1 start their walk back there.
        path.append(xp.concatenate([previous, best_last[batch_sizes[t] : batch_sizes[t - 1]]]))
    path.reverse()

    flat = xp.concatenate(path)
    score = _path_score(cost, xs, path, flat, batch_sizes, xp)
    return score, path
