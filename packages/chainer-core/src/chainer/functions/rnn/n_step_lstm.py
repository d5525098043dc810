"""n_step_lstm and n_step_bilstm: stacked LSTMs over variable-length sequences."""

from __future__ import annotations

from chainer.functions.array.reshape import reshape
from chainer.functions.array.stack import stack
from chainer.functions.rnn import _n_step
from chainer.functions.rnn.lstm import lstm


def _interleave(params):
    """The gate parameters ``[a, i, f, o]`` (each ``(N, ...)``) interleaved for ``lstm``."""
    w = stack(params, axis=1)
    return reshape(w, (w.shape[0] * w.shape[1],) + w.shape[2:])


class _LSTMCell(_n_step.Cell):
    # Chainer v7 (and cuDNN) use W_0 / W_4 for the input gate, W_1 / W_5 for
    # the forget gate, W_2 / W_6 for the cell input and W_3 / W_7 for the
    # output gate (v7's docstring swapped the last two; its code did not).
    n_weights = 8
    has_cell = True

    def input_weights(self, w, b):
        w_x = _interleave([w[2], w[0], w[1], w[3]])
        b_x = _interleave([b[2] + b[6], b[0] + b[4], b[1] + b[5], b[3] + b[7]])
        return w_x, b_x

    def hidden_weights(self, w, b):
        return _interleave([w[6], w[4], w[5], w[7]]), None

    def step(self, z, h_prev, c_prev, p):
        c, h = lstm(c_prev, z)
        return h, c


_CELL = _LSTMCell()


def n_step_lstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs, **kwargs):
    """Stacked uni-directional LSTM over a batch of variable-length sequences.

    For each layer, with input ``x_t`` (the sequence for the first layer, the
    previous layer's ``h_t`` above it)::

        i_t = sigmoid(W_0 x_t + W_4 h_{t-1} + b_0 + b_4)
        f_t = sigmoid(W_1 x_t + W_5 h_{t-1} + b_1 + b_5)
        a_t = tanh(W_2 x_t + W_6 h_{t-1} + b_2 + b_6)
        o_t = sigmoid(W_3 x_t + W_7 h_{t-1} + b_3 + b_7)
        c_t = f_t * c_{t-1} + i_t * a_t
        h_t = o_t * tanh(c_t)

    This is the weight layout Chainer v7 computes with (and cuDNN's); v7's
    docstring named ``W_2, W_6`` the output gate and ``W_3, W_7`` the cell
    input, which its code never did, so weights trained with v7 load unchanged.

    The input of each layer is projected with one matrix product over all time
    steps; the recurrence then loops over time, shrinking the batch as
    sequences end. When ``chainer.config.train`` is True and ``dropout_ratio``
    is positive, the input of every layer but the first goes through dropout.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): the dropout ratio between layers, in [0, 1).
        hx (Variable or array): the initial hidden states, shape ``(S, B, N)``.
        cx (Variable or array): the initial cell states, of ``hx``'s shape.
        ws (list of lists of Variable or array): ``ws[l][j]`` is ``W_j`` of
            layer ``l``: ``(N, I)`` for ``l = 0, j < 4``, else ``(N, N)``.
        bs (list of lists of Variable or array): ``bs[l][j]`` is ``b_j`` of
            layer ``l``, shape ``(N,)``.
        xs (list of Variable or array): the inputs, time-major: ``xs[t]`` of
            shape ``(B_t, I)`` holds time step ``t`` of the sequences that are
            at least ``t + 1`` long, with ``B_0 >= B_1 >= ...`` (sort the
            sequences by decreasing length and transpose them with
            :func:`~chainer.functions.transpose_sequence`). ``B_0 <= B``; rows
            of ``hx`` / ``cx`` past ``B_0`` pass through unchanged.
        **kwargs: ``train`` and ``use_cudnn`` are no longer arguments (use
            ``chainer.using_config``); they raise ValueError.

    Returns:
        tuple: ``(hy, cy, ys)``: the final hidden and cell states (each of
        ``hx``'s shape; row ``b`` holds the state after the last step of
        sequence ``b``) and a tuple of Variables ``ys[t]``, shape ``(B_t, N)``,
        the last layer's outputs. All of ``xs``' dtype.

    Raises:
        ValueError: for inconsistent shapes, batch sizes that grow over time, or
            ``dropout_ratio`` outside [0, 1).
        TypeError: for mixed dtypes or non-floating inputs.
    """
    _n_step.check_kwargs("n_step_lstm", kwargs)
    return _n_step.n_step(_CELL, "n_step_lstm", n_layers, dropout_ratio, hx, cx, ws, bs, xs, 1)


def n_step_bilstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs, **kwargs):
    """Stacked bi-directional LSTM over a batch of variable-length sequences.

    Each layer runs one LSTM forward in time and one backward in time (the
    equations of :func:`n_step_lstm`, with their own weights) and concatenates
    their outputs, ``h_t = [h^f_t; h^b_t]``, which the next layer takes as input.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): the dropout ratio between layers, in [0, 1).
        hx (Variable or array): the initial hidden states, shape ``(2S, B, N)``;
            ``hx[2 * l]`` is layer ``l``'s forward direction, ``hx[2 * l + 1]``
            its backward direction.
        cx (Variable or array): the initial cell states, of ``hx``'s shape.
        ws (list of lists of Variable or array): ``ws[2 * l + d][j]`` is
            ``W_j`` of layer ``l``, direction ``d`` (0 forward, 1 backward):
            ``(N, I)`` for ``l = 0, j < 4``; ``(N, 2N)`` for ``l > 0, j < 4``;
            else ``(N, N)``.
        bs (list of lists of Variable or array): ``bs[2 * l + d][j]``, shape
            ``(N,)``.
        xs (list of Variable or array): the time-major inputs, as for
            :func:`n_step_lstm`.
        **kwargs: ``train`` and ``use_cudnn`` raise ValueError (use
            ``chainer.using_config``).

    Returns:
        tuple: ``(hy, cy, ys)``: the final states (each of ``hx``'s shape) and a
        tuple of Variables ``ys[t]`` of shape ``(B_t, 2N)``.

    Raises:
        ValueError: for inconsistent shapes or batch sizes that grow over time.
        TypeError: for mixed dtypes or non-floating inputs.
    """
    _n_step.check_kwargs("n_step_bilstm", kwargs)
    return _n_step.n_step(_CELL, "n_step_bilstm", n_layers, dropout_ratio, hx, cx, ws, bs, xs, 2)
