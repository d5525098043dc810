"""LSTM and StatelessLSTM: fully-connected LSTM layers."""

from __future__ import annotations

import math

import chainer
from chainer import initializers, link
from chainer.functions.array.concat import concat
from chainer.functions.array.split_axis import split_axis
from chainer.functions.rnn.lstm import lstm
from chainer.links.connection.linear import Linear
from chainer.links.rnn import _state
from chainer.variable import Variable

__all__ = ["LSTM", "StatelessLSTM"]


class LSTMBase(link.Chain):
    """The parameters shared by :class:`LSTM` and :class:`StatelessLSTM`.

    ``upward`` maps the input and ``lateral`` the previous output to the
    pre-activations of the four gates, interleaved as
    :func:`~chainer.functions.lstm` expects them (element ``4 * u + k`` is
    unit ``u`` of gate ``k``: cell input, input, forget, output).
    """

    def __init__(
        self,
        in_size,
        out_size=None,
        lateral_init=None,
        upward_init=None,
        bias_init=None,
        forget_bias_init=None,
    ):
        if out_size is None:
            out_size, in_size = in_size, None
        super().__init__()
        self.state_size = out_size
        self.lateral_init = lateral_init
        self.upward_init = upward_init
        self.bias_init = 0 if bias_init is None else bias_init
        self.forget_bias_init = 1 if forget_bias_init is None else forget_bias_init
        with self.init_scope():
            self.upward = Linear(in_size, 4 * out_size, initialW=0)
            self.lateral = Linear(out_size, 4 * out_size, initialW=0, nobias=True)
        if in_size is not None:
            self._initialize_params()

    def _initialize_params(self):
        """Fills the weights block by block and the biases gate by gate."""
        lateral_init = initializers._get_initializer(self.lateral_init)
        upward_init = initializers._get_initializer(self.upward_init)
        bias_init = initializers._get_initializer(self.bias_init)
        forget_bias_init = initializers._get_initializer(self.forget_bias_init)
        size = self.state_size
        with chainer.using_device(self.device):
            # Each initializer sees (state_size, n) blocks, so fan-based
            # initializers scale as for one gate.
            for start in range(0, 4 * size, size):
                lateral_init(self.lateral.W.array[start : start + size, :])
                upward_init(self.upward.W.array[start : start + size, :])
            # The bias viewed as (1, state_size, 4, 1): [:, :, k] is gate k.
            gates = self.upward.b.array.reshape(1, size, 4, 1)
            bias_init(gates[:, :, 0])
            bias_init(gates[:, :, 1])
            forget_bias_init(gates[:, :, 2])
            bias_init(gates[:, :, 3])

    def _initialize_lazily(self, x):
        if self.upward.W.array is None:
            with chainer.using_device(self.device):
                self.upward._initialize_params(math.prod(x.shape[1:]))
            self._initialize_params()


class StatelessLSTM(LSTMBase):
    """A fully-connected LSTM layer that keeps no state: the caller passes it.

    Args:
        in_size (int or None): the input size; None (or giving only one size)
            defers the weight's creation to the first forward.
        out_size (int): the output size (the number of units).
        lateral_init: the initializer of the lateral weights (LeCunNormal when None).
        upward_init: the initializer of the upward weights (LeCunNormal when None).
        bias_init: the initializer of the cell-input, input-gate and
            output-gate biases (0 when None).
        forget_bias_init: the initializer of the forget-gate biases (1 when None).

    Attributes:
        upward (~chainer.links.Linear): the input connections
            ``(4 * out_size, in_size)``.
        lateral (~chainer.links.Linear): the recurrent connections
            ``(4 * out_size, out_size)``, without bias.
        state_size (int): the number of units.
    """

    def forward(self, c, h, x):
        """One step.

        Args:
            c (~chainer.Variable or None): the cell state ``(N, out_size)``
                (zeros when None).
            h (~chainer.Variable or None): the previous output ``(N, out_size)``
                (no recurrent input when None).
            x (~chainer.Variable or array): the input ``(N, in_size)``.

        Returns:
            tuple: ``(c_new, h_new)``, each ``(N, out_size)``.
        """
        self._initialize_lazily(x)
        lstm_in = self.upward(x)
        if h is not None:
            lstm_in += self.lateral(h)
        if c is None:
            with chainer.using_device(self.device):
                c = Variable(self.xp.zeros((x.shape[0], self.state_size), dtype=x.dtype))
        return lstm(c, lstm_in)


class LSTM(LSTMBase):
    """A fully-connected LSTM layer that keeps its cell state and output.

    Each call consumes one time step. A batch may shrink from one step to
    the next (sequences sorted by decreasing length): only the first
    ``len(x)`` rows of the state are updated, the rest are kept.

    Args:
        in_size (int or None): the input size; None (or giving only one size,
            ``LSTM(out_size)``) defers the weight's creation to the first
            forward.
        out_size (int): the output size (the number of units).
        lateral_init: the initializer of the lateral weights (LeCunNormal when None).
        upward_init: the initializer of the upward weights (LeCunNormal when None).
        bias_init: the initializer of the cell-input, input-gate and
            output-gate biases (0 when None).
        forget_bias_init: the initializer of the forget-gate biases (1 when None).

    Attributes:
        upward (~chainer.links.Linear): the input connections.
        lateral (~chainer.links.Linear): the recurrent connections (no bias).
        c (~chainer.Variable or None): the cell state.
        h (~chainer.Variable or None): the last output.
        state_size (int): the number of units.
    """

    def __init__(
        self,
        in_size,
        out_size=None,
        lateral_init=None,
        upward_init=None,
        bias_init=None,
        forget_bias_init=None,
    ):
        if out_size is None:
            in_size, out_size = None, in_size
        super().__init__(in_size, out_size, lateral_init, upward_init, bias_init, forget_bias_init)
        self.reset_state()

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
        _state.check_variable("LSTM.set_state", "c", c)
        _state.check_variable("LSTM.set_state", "h", h)
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
            x (~chainer.Variable or array): the input ``(N, in_size)``; ``N``
                at most the batch size of the state.

        Returns:
            ~chainer.Variable: the output ``(N, out_size)``.

        Raises:
            TypeError: when ``x`` has more rows than the state.
        """
        self._initialize_lazily(x)
        batch = x.shape[0]
        lstm_in = self.upward(x)
        h_rest = None
        if self.h is not None:
            h_size = self.h.shape[0]
            if batch == 0:
                h_rest = self.h
            elif h_size < batch:
                raise TypeError(
                    "LSTM: the batch size of x must be at most that of the previous state h "
                    f"({h_size}), but x.shape[0]={batch}"
                )
            elif h_size > batch:
                h_update, h_rest = split_axis(self.h, [batch], axis=0)
                lstm_in += self.lateral(h_update)
            else:
                lstm_in += self.lateral(self.h)
        if self.c is None:
            with chainer.using_device(self.device):
                self.c = Variable(self.xp.zeros((batch, self.state_size), dtype=x.dtype))
        self.c, y = lstm(self.c, lstm_in)
        if h_rest is None:
            self.h = y
        elif y.shape[0] == 0:
            self.h = h_rest
        else:
            self.h = concat([y, h_rest], axis=0)
        return y
