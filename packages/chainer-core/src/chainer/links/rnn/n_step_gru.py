"""Stacked GRUs over variable-length sequences: NStepGRU and NStepBiGRU."""

from __future__ import annotations

from chainer.functions.rnn.n_step_gru import n_step_bigru, n_step_gru
from chainer.links.rnn.n_step_rnn import NStepRNNBase

__all__ = ["NStepBiGRU", "NStepGRU", "NStepGRUBase"]


class NStepGRUBase(NStepRNNBase):
    """The stacked GRU links: six matrices ``w0 .. w5`` and biases per layer and direction.

    ``w0 .. w2`` take the layer's input and ``w3 .. w5`` the hidden state,
    for the reset gate, the update gate and the candidate state (see
    :func:`~chainer.functions.n_step_gru`).
    """

    n_weights = 6

    @property
    def n_cells(self):
        """int: the number of state tensors."""
        return 1


class NStepGRU(NStepGRUBase):
    """Stacked uni-directional GRU over variable-length sequences.

    The link sorts and transposes the sequences itself (see
    :func:`~chainer.functions.n_step_gru` for the time-major function).
    ``forward(hx, xs)`` returns ``(hy, ys)`` as :meth:`NStepRNNBase.forward`.

    Args:
        n_layers (int): the number of layers.
        in_size (int): the input size.
        out_size (int): the number of hidden units.
        dropout (float): the dropout ratio between layers.
        initialW: the initializer of the matrices (LeCunNormal when None).
        initial_bias: the initializer of the biases (0 when None).
    """

    use_bi_direction = False

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_gru(*args)


class NStepBiGRU(NStepGRUBase):
    """Stacked bi-directional GRU over variable-length sequences.

    Each layer runs forward and backward in time and concatenates the two
    outputs (``2 * out_size``). See :class:`NStepGRU` for the arguments.
    """

    use_bi_direction = True

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_bigru(*args)
