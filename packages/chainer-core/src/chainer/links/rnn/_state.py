"""Helpers of the stateful recurrent links."""

from __future__ import annotations

import chainer
from chainer.variable import Variable


def check_variable(where, name, value):
    """Raises TypeError unless ``value`` is a Variable."""
    if not isinstance(value, Variable):
        raise TypeError(f"{where}: {name} must be a chainer.Variable, not {type(value).__name__}")


def zeros(link, rows, cols, dtype):
    """A Variable of zeros ``(rows, cols)`` on ``link``'s device."""
    with chainer.using_device(link.device):
        return Variable(link.xp.zeros((rows, cols), dtype=dtype))


def split_gates(lstm_in):
    """Splits interleaved gate pre-activations ``(N, 4 * U)`` into four ``(N, U)`` Variables.

    Element ``4 * u + k`` belongs to gate ``k`` (the layout of
    :func:`~chainer.functions.lstm`).
    """
    F = chainer.functions
    n, width = lstm_in.shape
    gates = F.reshape(lstm_in, (n, width // 4, 4))
    return [F.reshape(g, (n, width // 4)) for g in F.split_axis(gates, 4, axis=2)]
