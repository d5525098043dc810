"""StatefulZoneoutLSTM: an LSTM whose state units keep their values at random."""

from __future__ import annotations

from chainer import link
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.activation.tanh import tanh
from chainer.functions.noise.zoneout import zoneout
from chainer.links.connection.linear import Linear
from chainer.links.rnn import _state

__all__ = ["StatefulZoneoutLSTM"]


class StatefulZoneoutLSTM(link.Chain):
    """Fully-connected LSTM with zoneout, keeping its state.

    In training each unit of the cell state keeps its previous value with
    probability ``c_ratio`` and each unit of the output with probability
    ``h_ratio`` (:func:`~chainer.functions.zoneout`); at test time it is a
    plain LSTM.

    Args:
        in_size (int or None): the input size (None: set by the first forward).
        out_size (int): the number of units.
        c_ratio (float): the zoneout ratio of the cell state.
        h_ratio (float): the zoneout ratio of the output.

    Attributes:
        upward (~chainer.links.Linear): the input connections ``(4 * out_size, in_size)``.
        lateral (~chainer.links.Linear): the recurrent connections (no bias).
        c (~chainer.Variable or None): the cell state.
        h (~chainer.Variable or None): the last output.
        c_ratio (float): the zoneout ratio of the cell state.
        h_ratio (float): the zoneout ratio of the output.
        state_size (int): the number of units.

    Raises:
        ValueError: for ``train=`` (use ``chainer.using_config('train', ...)``).
        TypeError: for other unexpected keyword arguments.

    See: Krueger et al., Zoneout: Regularizing RNNs by Randomly Preserving
    Hidden Activations, 2016.
    """

    def __init__(self, in_size, out_size, c_ratio=0.5, h_ratio=0.5, **kwargs):
        if "train" in kwargs:
            raise ValueError(
                "StatefulZoneoutLSTM: the train argument is not supported anymore; "
                "use chainer.using_config('train', ...)"
            )
        if kwargs:
            raise TypeError(
                "StatefulZoneoutLSTM() got unexpected keyword argument(s) "
                f"{', '.join(sorted(kwargs))}"
            )
        super().__init__()
        self.state_size = out_size
        self.c_ratio = c_ratio
        self.h_ratio = h_ratio
        self.reset_state()
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size)
            self.lateral = Linear(out_size, 4 * out_size, nobias=True)

    def device_resident_accept(self, visitor):
        """Hands the parameters and the extra arrays (or state) to ``visitor``."""
        super().device_resident_accept(visitor)
        if self.c is not None:
            visitor.visit_variable(self.c)
        if self.h is not None:
            visitor.visit_variable(self.h)

    def set_state(self, c, h):
        """Sets the cell state and the last output (moved to the link's device).

        Args:
            c (~chainer.Variable): the cell state ``(N, out_size)``.
            h (~chainer.Variable): the output ``(N, out_size)``.

        Raises:
            TypeError: when ``c`` or ``h`` is not a Variable.
        """
        _state.check_variable("StatefulZoneoutLSTM.set_state", "c", c)
        _state.check_variable("StatefulZoneoutLSTM.set_state", "h", h)
        c.to_device(self.device)
        h.to_device(self.device)
        self.c = c
        self.h = h

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
        else:
            self.h = _state.zeros(self, x.shape[0], self.state_size, x.dtype)
        if self.c is None:
            self.c = _state.zeros(self, x.shape[0], self.state_size, x.dtype)
        a, i, f, o = _state.split_gates(lstm_in)
        c_tmp = tanh(a) * sigmoid(i) + sigmoid(f) * self.c
        self.c = zoneout(self.c, c_tmp, self.c_ratio)
        self.h = zoneout(self.h, sigmoid(o) * tanh(c_tmp), self.h_ratio)
        return self.h
