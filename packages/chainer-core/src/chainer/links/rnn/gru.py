"""Gated recurrent units: StatelessGRU, StatefulGRU and GRU."""

from __future__ import annotations

from chainer import link
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.activation.tanh import tanh
from chainer.functions.math.linear_interpolate import linear_interpolate
from chainer.links.connection.linear import Linear
from chainer.links.rnn import _state

__all__ = ["GRU", "StatefulGRU", "StatelessGRU"]


class GRUBase(link.Chain):
    """The six linear maps of a GRU: ``W_r``, ``W_z``, ``W`` (input) and ``U_r``, ``U_z``, ``U``."""

    def __init__(self, in_size, out_size, init=None, inner_init=None, bias_init=None):
        super().__init__()
        with self.init_scope():
            self.W_r = Linear(in_size, out_size, initialW=init, initial_bias=bias_init)
            self.U_r = Linear(out_size, out_size, initialW=inner_init, initial_bias=bias_init)
            self.W_z = Linear(in_size, out_size, initialW=init, initial_bias=bias_init)
            self.U_z = Linear(out_size, out_size, initialW=inner_init, initial_bias=bias_init)
            self.W = Linear(in_size, out_size, initialW=init, initial_bias=bias_init)
            self.U = Linear(out_size, out_size, initialW=inner_init, initial_bias=bias_init)


class StatelessGRU(GRUBase):
    """Gated recurrent unit that keeps no state::

        r = sigmoid(W_r x + U_r h)
        z = sigmoid(W_z x + U_z h)
        h_bar = tanh(W x + U (r * h))
        h_new = z * h_bar + (1 - z) * h

    Args:
        in_size (int or None): the input size (None: set by the first forward).
        out_size (int): the number of units.
        init: the initializer of the input weights ``W_r``, ``W_z``, ``W``.
        inner_init: the initializer of the recurrent weights ``U_r``, ``U_z``, ``U``.
        bias_init: the initializer of every bias (0 when None).

    Attributes:
        W_r, U_r, W_z, U_z, W, U (~chainer.links.Linear): the linear maps.
    """

    def forward(self, h, x):
        """One step.

        Args:
            h (~chainer.Variable or array): the previous state ``(N, out_size)``.
            x (~chainer.Variable or array): the input ``(N, in_size)``.

        Returns:
            ~chainer.Variable: the new state ``(N, out_size)``.
        """
        r = sigmoid(self.W_r(x) + self.U_r(h))
        z = sigmoid(self.W_z(x) + self.U_z(h))
        h_bar = tanh(self.W(x) + self.U(r * h))
        return linear_interpolate(z, h_bar, h)


class StatefulGRU(GRUBase):
    """Gated recurrent unit that keeps its state ``h`` (see :class:`StatelessGRU`).

    At the first step (no state) the output is ``z * h_bar`` with
    ``z = sigmoid(W_z x)`` and ``h_bar = tanh(W x)``.

    Args:
        in_size (int or None): the input size (None: set by the first forward).
        out_size (int): the number of units.
        init: the initializer of the input weights.
        inner_init: the initializer of the recurrent weights.
        bias_init: the initializer of every bias (0 by default).

    Attributes:
        h (~chainer.Variable or None): the state.
        state_size (int): the number of units.
    """

    def __init__(self, in_size, out_size, init=None, inner_init=None, bias_init=0):
        super().__init__(in_size, out_size, init, inner_init, bias_init)
        self.state_size = out_size
        self.reset_state()

    def device_resident_accept(self, visitor):
        """Hands the parameters and the extra arrays (or state) to ``visitor``."""
        super().device_resident_accept(visitor)
        if self.h is not None:
            visitor.visit_variable(self.h)

    def set_state(self, h):
        """Sets the state (moved to the link's device).

        Args:
            h (~chainer.Variable): the state ``(N, out_size)``.

        Raises:
            TypeError: when ``h`` is not a Variable.
        """
        _state.check_variable(f"{type(self).__name__}.set_state", "h", h)
        h.to_device(self.device)
        self.h = h

    def reset_state(self):
        """Forgets the state (``h`` becomes None)."""
        self.h = None

    def forward(self, x):
        """One step: updates the state and returns it.

        Args:
            x (~chainer.Variable or array): the input ``(N, in_size)``.

        Returns:
            ~chainer.Variable: the new state ``(N, out_size)``.
        """
        z = self.W_z(x)
        h_bar = self.W(x)
        if self.h is not None:
            r = sigmoid(self.W_r(x) + self.U_r(self.h))
            z += self.U_z(self.h)
            h_bar += self.U(r * self.h)
        z = sigmoid(z)
        h_bar = tanh(h_bar)
        if self.h is not None:
            h_new = linear_interpolate(z, h_bar, self.h)
        else:
            h_new = z * h_bar
        self.h = h_new
        return self.h


class GRU(StatefulGRU):
    """The stateful GRU (:class:`StatefulGRU`) under its Chainer v2+ name.

    It is called with one argument, the input. Chainer v1's ``GRU`` was
    stateless (``gru(h, x)``); calling this link with two arguments raises an
    error that points to :class:`StatelessGRU`.
    """

    def __call__(self, *args, **kwargs):
        if len(args) != 1:
            msg = f"GRU is called with one argument (the input x), but {len(args)} were given."
            if len(args) == 2:
                msg += (
                    " Since Chainer v2, chainer.links.GRU is stateful; for the stateless "
                    "gru(h, x) use chainer.links.StatelessGRU."
                )
            raise ValueError(msg)
        return super().__call__(*args, **kwargs)
