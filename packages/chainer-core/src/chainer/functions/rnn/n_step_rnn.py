"""n_step_rnn and n_step_birnn: stacked Elman RNNs (tanh or ReLU) over variable-length sequences."""

from __future__ import annotations

from chainer.functions.activation.relu import relu
from chainer.functions.activation.tanh import tanh
from chainer.functions.rnn import _n_step

_ACTIVATIONS = {"tanh": tanh, "relu": relu}


class _RNNCell(_n_step.Cell):
    n_weights = 2

    def __init__(self, activation):
        self.activation = _ACTIVATIONS[activation]

    def input_weights(self, w, b):
        return w[0], b[0] + b[1]

    def hidden_weights(self, w, b):
        return w[1], None

    def step(self, z, h_prev, c_prev, p):
        return self.activation(z), None


def _cell(name, activation):
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        raise ValueError(
            f"{name}: activation must be one of {sorted(_ACTIVATIONS)}, not {activation!r}"
        )
    return _RNNCell(activation)


def n_step_rnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation="tanh", **kwargs):
    """Stacked uni-directional Elman RNN over a batch of variable-length sequences.

    For each layer, with input ``x_t`` (the sequence for the first layer, the
    previous layer's ``h_t`` above it)::

        h_t = f(W_0 x_t + W_1 h_{t-1} + b_0 + b_1)

    where ``f`` is ``tanh`` or ``relu``. The input of each layer is projected
    with one matrix product over all time steps; the recurrence then loops over
    time, shrinking the batch as sequences end. When ``chainer.config.train``
    is True and ``dropout_ratio`` is positive, the input of every layer but the
    first goes through dropout.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): the dropout ratio between layers, in [0, 1).
        hx (Variable or array): the initial hidden states, shape ``(S, B, N)``.
        ws (list of lists of Variable or array): ``ws[l] = [W_0, W_1]`` of layer
            ``l``: ``W_0`` is ``(N, I)`` for ``l = 0`` and ``(N, N)`` above;
            ``W_1`` is ``(N, N)``.
        bs (list of lists of Variable or array): ``bs[l] = [b_0, b_1]``, each
            of shape ``(N,)``.
        xs (list of Variable or array): the inputs, time-major: ``xs[t]`` of
            shape ``(B_t, I)`` holds time step ``t`` of the sequences that are
            at least ``t + 1`` long, with ``B_0 >= B_1 >= ...`` (sort the
            sequences by decreasing length and transpose them with
            :func:`~chainer.functions.transpose_sequence`). ``B_0 <= B``; rows
            of ``hx`` past ``B_0`` pass through unchanged.
        activation (str): ``'tanh'`` or ``'relu'``.
        **kwargs: ``train`` and ``use_cudnn`` are no longer arguments (use
            ``chainer.using_config``); they raise ValueError.

    Returns:
        tuple: ``(hy, ys)``: the final hidden states (``hx``'s shape; row ``b``
        holds the state after the last step of sequence ``b``) and a tuple of
        Variables ``ys[t]``, shape ``(B_t, N)``, the last layer's outputs.

    Raises:
        ValueError: for an unknown activation, inconsistent shapes, batch sizes
            that grow over time, or ``dropout_ratio`` outside [0, 1).
        TypeError: for mixed dtypes or non-floating inputs.
    """
    _n_step.check_kwargs("n_step_rnn", kwargs)
    cell = _cell("n_step_rnn", activation)
    hy, _, ys = _n_step.n_step(cell, "n_step_rnn", n_layers, dropout_ratio, hx, None, ws, bs, xs, 1)
    return hy, ys


def n_step_birnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation="tanh", **kwargs):
    """Stacked bi-directional Elman RNN over a batch of variable-length sequences.

    Each layer runs one RNN forward in time and one backward in time (the
    equation of :func:`n_step_rnn`, with their own weights) and concatenates
    their outputs, ``h_t = [h^f_t; h^b_t]``, which the next layer takes as input.

    Args:
        n_layers (int): the number of layers ``S``.
        dropout_ratio (float): the dropout ratio between layers, in [0, 1).
        hx (Variable or array): the initial hidden states, shape ``(2S, B, N)``;
            ``hx[2 * l + d]`` is layer ``l``, direction ``d`` (0 forward,
            1 backward).
        ws (list of lists of Variable or array): ``ws[2 * l + d] = [W_0, W_1]``:
            ``W_0`` is ``(N, I)`` for ``l = 0`` and ``(N, 2N)`` above; ``W_1``
            is ``(N, N)``.
        bs (list of lists of Variable or array): ``bs[2 * l + d] = [b_0, b_1]``,
            each of shape ``(N,)``.
        xs (list of Variable or array): the time-major inputs, as for
            :func:`n_step_rnn`.
        activation (str): ``'tanh'`` or ``'relu'``.
        **kwargs: ``train`` and ``use_cudnn`` raise ValueError (use
            ``chainer.using_config``).

    Returns:
        tuple: ``(hy, ys)``: the final hidden states (``hx``'s shape) and a
        tuple of Variables ``ys[t]`` of shape ``(B_t, 2N)``.

    Raises:
        ValueError: for an unknown activation, inconsistent shapes or batch
            sizes that grow over time.
        TypeError: for mixed dtypes or non-floating inputs.
    """
    _n_step.check_kwargs("n_step_birnn", kwargs)
    cell = _cell("n_step_birnn", activation)
    hy, _, ys = _n_step.n_step(
        cell, "n_step_birnn", n_layers, dropout_ratio, hx, None, ws, bs, xs, 2
    )
    return hy, ys
