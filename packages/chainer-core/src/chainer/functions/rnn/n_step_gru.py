"""n_step_gru and n_step_bigru: stacked GRUs over variable-length sequences."""

from __future__ import annotations

from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.activation.tanh import tanh
from chainer.functions.array.concat import concat
from chainer.functions.array.split_axis import split_axis
from chainer.functions.rnn import _n_step


class _GRUCell(_n_step.Cell):
    # The input projection holds [r | z | n] = W_0..W_2 (plus b_0..b_2); the
    # hidden one W_3..W_5 plus b_3..b_5, which cannot join the input bias
    # because r multiplies W_5 h + b_5.
    n_weights = 6
    bias_in_k = True

    def input_weights(self, w, b):
        return concat(w[:3], axis=0), concat(b[:3], axis=0)

    def hidden_weights(self, w, b):
        return concat(w[3:], axis=0), concat(b[3:], axis=0)

    def step(self, z, h_prev, c_prev, p):
        units = h_prev.shape[1]
        p_rz, p_n = split_axis(p, [2 * units], axis=1)
        q_rz, q_n = split_axis(z, [2 * units], axis=1)
        r, u = split_axis(sigmoid(p_rz + q_rz), 2, axis=1)
        n = tanh(p_n + r * q_n)
        return n + u * (h_prev - n), None


_CELL = _GRUCell()


def n_step_gru(n_layers, dropout_ratio, hx, ws, bs, xs, **kwargs):
    """Stacked uni-directional GRU over a batch of variable-length sequences.

    For each layer, with input ``x_t`` (the sequence for the first layer, the
    previous layer's ``h_t`` above it)::

        r_t = sigmoid(W_0 x_t + W_3 h_{t-1} + b_0 + b_3)
        z_t = sigmoid(W_1 x_t + W_4 h_{t-1} + b_1 + b_4)
        h'_t = tanh(W_2 x_t + b_2 + r_t * (W_5 h_{t-1} + b_5))
        h_t = (1 - z_t) * h'_t + z_t * h_{t-1}

    The input of each layer is projected with one matrix product over all time
    steps; the recurrence then loops over time, shrinking the batch as
    sequences end. When ``chainer.config.train`` is True and ``dropout_ratio``
    is positive, the input of every layer but the first goes through dropout.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): the dropout ratio between layers, in [0, 1).
        hx (Variable or array): the initial hidden states, shape ``(S, B, N)``.
        ws (list of lists of Variable or array): ``ws[l][j]`` is ``W_j`` of
            layer ``l``: ``(N, I)`` for ``l = 0, j < 3``, else ``(N, N)``.
        bs (list of lists of Variable or array): ``bs[l][j]`` is ``b_j`` of
            layer ``l``, shape ``(N,)``.
        xs (list of Variable or array): the inputs, time-major: ``xs[t]`` of
            shape ``(B_t, I)`` holds time step ``t`` of the sequences that are
            at least ``t + 1`` long, with ``B_0 >= B_1 >= ...`` (sort the
            sequences by decreasing length and transpose them with
            :func:`~chainer.functions.transpose_sequence`). ``B_0 <= B``; rows
            of ``hx`` past ``B_0`` pass through unchanged.
        **kwargs: ``train`` and ``use_cudnn`` are no longer arguments (use
            ``chainer.using_config``); they raise ValueError.

    Returns:
        tuple: ``(hy, ys)``: the final hidden states (``hx``'s shape; row ``b``
        holds the state after the last step of sequence ``b``) and a tuple of
        Variables ``ys[t]``, shape ``(B_t, N)``, the last layer's outputs.

    Raises:
        ValueError: for inconsistent shapes, batch sizes that grow over time, or
            ``dropout_ratio`` outside [0, 1).
        TypeError: for mixed dtypes or non-floating inputs.
    """
    _n_step.check_kwargs("n_step_gru", kwargs)
    hy, _, ys = _n_step.n_step(
        _CELL, "n_step_gru", n_layers, dropout_ratio, hx, None, ws, bs, xs, 1
    )
    return hy, ys


def n_step_bigru(n_layers, dropout_ratio, hx, ws, bs, xs, **kwargs):
    """Stacked bi-directional GRU over a batch of variable-length sequences.

    Each layer runs one GRU forward in time and one backward in time (the
    equations of :func:`n_step_gru`, with their own weights) and concatenates
    their outputs, ``h_t = [h^f_t; h^b_t]``, which the next layer takes as input.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): the dropout ratio between layers, in [0, 1).
        hx (Variable or array): the initial hidden states, shape ``(2S, B, N)``;
            ``hx[2 * l + d]`` is layer ``l``, direction ``d`` (0 forward,
            1 backward).
        ws (list of lists of Variable or array): ``ws[2 * l + d][j]`` is
            ``W_j`` of layer ``l``, direction ``d``: ``(N, I)`` for
            ``l = 0, j < 3``; ``(N, 2N)`` for ``l > 0, j < 3``; else ``(N, N)``.
        bs (list of lists of Variable or array): ``bs[2 * l + d][j]``, shape
            ``(N,)``.
        xs (list of Variable or array): the time-major inputs, as for
            :func:`n_step_gru`.
        **kwargs: ``train`` and ``use_cudnn`` raise ValueError (use
            ``chainer.using_config``).

    Returns:
        tuple: ``(hy, ys)``: the final hidden states (``hx``'s shape) and a
        tuple of Variables ``ys[t]`` of shape ``(B_t, 2N)``.

    Raises:
        ValueError: for inconsistent shapes or batch sizes that grow over time.
        TypeError: for mixed dtypes or non-floating inputs.
    """
    _n_step.check_kwargs("n_step_bigru", kwargs)
    hy, _, ys = _n_step.n_step(
        _CELL, "n_step_bigru", n_layers, dropout_ratio, hx, None, ws, bs, xs, 2
    )
    return hy, ys
