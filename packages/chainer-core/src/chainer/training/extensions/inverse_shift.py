"""The InverseShift extension: an inverse-time decay of a hyperparameter."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["InverseShift"]


class InverseShift(_shift.ShiftBase):
    """Sets an optimizer attribute to ``init * (1 + gamma * t) ** (-power)``.

    ``t`` counts the calls of the extension. With ``target``, the value stops
    there (it does not grow past it when ``power < 0``, nor shrink past it
    otherwise).

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        gamma (float): the time scale, not negative.
        power (float): the exponent.
        init (float): the value at ``t = 0``; the optimizer's value when the
            training starts when None.
        target (float): the value at which the shift stops; None for none.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when ``gamma`` is negative.
    """

    def __init__(self, attr, gamma, power, init=None, target=None, optimizer=None):
        _shift.check_number("gamma", gamma, "InverseShift")
        _shift.check_number("power", power, "InverseShift")
        if gamma < 0:
            raise ValueError(f"InverseShift: gamma must not be negative, not {gamma!r}")
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._power = power
        self._target = target

    def _value(self):
        value = self._init * (1 + self._gamma * self._t) ** (-self._power)
        return _shift.clip_to_target(value, self._target, self._power < 0)
