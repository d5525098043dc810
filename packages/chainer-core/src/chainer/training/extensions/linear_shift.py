"""The LinearShift extension: moves a hyperparameter linearly between two values."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["LinearShift"]


class LinearShift(_shift.ShiftBase):
    """Moves an optimizer attribute linearly from one value to another.

    With ``value_range = (v1, v2)`` and ``time_range = (t1, t2)``, the value
    at the ``t``-th call is ``v1`` for ``t <= t1``, ``v2`` for ``t >= t2`` and
    ``v1 + (v2 - v1) * (t - t1) / (t2 - t1)`` in between. The value for
    ``t = 0`` is set when the training starts.

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        value_range (tuple of float): ``(v1, v2)``.
        time_range (tuple of int): ``(t1, t2)``, with ``t1 < t2``.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when a range is not a pair or ``t1 >= t2``.
    """

    def __init__(self, attr, value_range, time_range, optimizer=None):
        if len(value_range) != 2:
            raise ValueError(f"LinearShift: value_range must be a pair, not {value_range!r}")
        if len(time_range) != 2:
            raise ValueError(f"LinearShift: time_range must be a pair, not {time_range!r}")
        if not time_range[0] < time_range[1]:
            raise ValueError(
                f"LinearShift: time_range must be increasing (t1 < t2), not {time_range!r}"
            )
        super().__init__(attr, 0, optimizer)
        self._value_range = tuple(value_range)
        self._time_range = tuple(time_range)

    def _value(self):
        t1, t2 = self._time_range
        v1, v2 = self._value_range
        t = self._t
        if t <= t1:
            return v1
        if t >= t2:
            return v2
        return v1 + (v2 - v1) * (t - t1) / (t2 - t1)
