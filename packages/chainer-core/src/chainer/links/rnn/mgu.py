"""Minimal gated units: StatelessMGU and StatefulMGU."""

from __future__ import annotations

import chainer
from chainer import link
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.activation.tanh import tanh
from chainer.functions.array.concat import concat
from chainer.functions.math.linear_interpolate import linear_interpolate
from chainer.links.connection.linear import Linear
from chainer.links.rnn import _state
from chainer.variable import Variable

__all__ = ["StatefulMGU", "StatelessMGU"]


class MGUBase(link.Chain):
    """The two linear maps of a minimal gated unit, on ``[h, x]``."""

    def __init__(self, n_inputs, n_units):
        super().__init__()
        with self.init_scope():
            self.W_f = Linear(n_inputs + n_units, n_units)
            self.W_h = Linear(n_inputs + n_units, n_units)

    def _call_mgu(self, h, x):
        f = sigmoid(self.W_f(concat([h, x])))
        h_bar = tanh(self.W_h(concat([f * h, x])))
        return linear_interpolate(f, h_bar, h)


class StatelessMGU(MGUBase):
    """Minimal gated unit that keeps no state::

        f = sigmoid(W_f [h, x])
        h_bar = tanh(W_h [f * h, x])
        h_new = f * h_bar + (1 - f) * h

    Args:
        n_inputs (int): the input size.
        n_units (int): the number of units.

    Attributes:
        W_f, W_h (~chainer.links.Linear): ``(n_units, n_units + n_inputs)`` maps.

    See: Zhou et al., Minimal Gated Unit for Recurrent Neural Networks, 2016.
    """

    def forward(self, h, x):
        """One step.

        Args:
            h (~chainer.Variable or array): the previous state ``(N, n_units)``.
            x (~chainer.Variable or array): the input ``(N, n_inputs)``.

        Returns:
            ~chainer.Variable: the new state ``(N, n_units)``.
        """
        return self._call_mgu(h, x)


class StatefulMGU(MGUBase):
    """Minimal gated unit that keeps its state ``h`` (zeros at first; see :class:`StatelessMGU`).

    Args:
        in_size (int): the input size.
        out_size (int): the number of units.

    Attributes:
        h (~chainer.Variable or None): the state.
    """

    def __init__(self, in_size, out_size):
        super().__init__(in_size, out_size)
        self._state_size = out_size
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
        h = self.h
        if h is None:
            with chainer.using_device(self.device):
                h = Variable(self.xp.zeros((x.shape[0], self._state_size), dtype=x.dtype))
        self.h = self._call_mgu(h, x)
        return self.h
