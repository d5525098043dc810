"""StatefulPeepholeLSTM: an LSTM whose gates also see the cell state."""

from __future__ import annotations

from chainer import link
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.activation.tanh import tanh
from chainer.links.connection.linear import Linear
from chainer.links.rnn import _state

__all__ = ["StatefulPeepholeLSTM"]


class StatefulPeepholeLSTM(link.Chain):
    """Fully-connected LSTM with peephole connections, keeping its state::

        a, i, f, o = upward(x) + lateral(h)      (interleaved gates)
        i = sigmoid(i + peep_i(c)); f = sigmoid(f + peep_f(c))
        c_new = tanh(a) * i + f * c
        o = sigmoid(o + peep_o(c_new))
        h_new = o * tanh(c_new)

    Args:
        in_size (int or None): the input size (None: set by the first forward).
        out_size (int): the number of units.

    Attributes:
        upward (~chainer.links.Linear): the input connections ``(4 * out_size, in_size)``.
        lateral (~chainer.links.Linear): the recurrent connections (no bias).
        peep_i, peep_f, peep_o (~chainer.links.Linear): the peephole
            connections ``(out_size, out_size)`` (no bias).
        c (~chainer.Variable or None): the cell state.
        h (~chainer.Variable or None): the last output.
        state_size (int): the number of units.
    """

    def __init__(self, in_size, out_size):
        super().__init__()
        self.state_size = out_size
        self.reset_state()
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size)
            self.lateral = Linear(out_size, 4 * out_size, nobias=True)
            self.peep_i = Linear(out_size, out_size, nobias=True)
            self.peep_f = Linear(out_size, out_size, nobias=True)
            self.peep_o = Linear(out_size, out_size, nobias=True)

    def device_resident_accept(self, visitor):
        """Hands the parameters and the extra arrays (or state) to ``visitor``."""
        super().device_resident_accept(visitor)
        if self.c is not None:
            visitor.visit_variable(self.c)
        if self.h is not None:
            visitor.visit_variable(self.h)

    def reset_state(self):
        """Forgets the state (``c`` and ``h`` become None)."""
        self.c = self.h = None

    def forward(self, x):
        """One step: updates the state and returns the output.

        Args:
            x (~chainer.Variable or array): the input ``(N, in_size)``.

        Returns:
            ~chainer.Variable: the output ``(N, out_size)``.
        """
        lstm_in = self.upward(x)
        if self.h is not None:
            lstm_in += self.lateral(self.h)
        if self.c is None:
            self.c = _state.zeros(self, x.shape[0], self.state_size, x.dtype)
        a, i, f, o = _state.split_gates(lstm_in)
        a = tanh(a)
        i = sigmoid(i + self.peep_i(self.c))
        f = sigmoid(f + self.peep_f(self.c))
        self.c = a * i + f * self.c
        o = sigmoid(o + self.peep_o(self.c))
        self.h = o * tanh(self.c)
        return self.h
