"""Stacked LSTMs over variable-length sequences: NStepLSTM and NStepBiLSTM."""

from __future__ import annotations

from chainer.functions.rnn.n_step_lstm import n_step_bilstm, n_step_lstm
from chainer.links.rnn.n_step_rnn import NStepRNNBase

__all__ = ["NStepBiLSTM", "NStepLSTM", "NStepLSTMBase"]


class NStepLSTMBase(NStepRNNBase):
    """The stacked LSTM links: eight matrices ``w0 .. w7`` and biases per layer and direction.

    ``w0 .. w3`` take the layer's input and ``w4 .. w7`` the hidden state,
    for the input, forget, cell-input and output gates in that order (see
    :func:`~chainer.functions.n_step_lstm`).
    """

    n_weights = 8

    @property
    def n_cells(self):
        """int: the number of state tensors."""
        return 2

    def forward(self, hx, cx, xs, **kwargs):
        """Runs the LSTM over a batch of sequences.

        Args:
            hx (~chainer.Variable or None): the initial hidden states
                ``(n_layers * direction, B, out_size)``, row ``b`` for
                sequence ``b``; zeros when None.
            cx (~chainer.Variable or None): the initial cell states, of
                ``hx``'s shape; zeros when None.
            xs (list of ~chainer.Variable or arrays): ``B`` sequences,
                ``xs[b]`` of shape ``(L_b, in_size)``, in any order of lengths.

        Returns:
            tuple: ``(hy, cy, ys)``: the final hidden and cell states (of
            ``hx``'s shape) and a list of ``B`` Variables, ``ys[b]`` of shape
            ``(L_b, out_size * direction)``.

        Raises:
            ValueError: for ``train=`` (use ``chainer.using_config('train', ...)``).
        """
        (hy, cy), ys = self._call([hx, cx], xs, **kwargs)
        return hy, cy, ys


class NStepLSTM(NStepLSTMBase):
    """Stacked uni-directional LSTM over variable-length sequences.

    The link sorts and transposes the sequences itself (see
    :func:`~chainer.functions.n_step_lstm` for the time-major function).

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
        return n_step_lstm(*args)


class NStepBiLSTM(NStepLSTMBase):
    """Stacked bi-directional LSTM over variable-length sequences.

    Each layer runs forward and backward in time and concatenates the two
    outputs (``2 * out_size``). See :class:`NStepLSTM` for the arguments.
    """

    use_bi_direction = True

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_bilstm(*args)
