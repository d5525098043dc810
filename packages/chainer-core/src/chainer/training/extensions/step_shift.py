"""The StepShift extension: multiplies a hyperparameter by gamma every ``step`` calls."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["StepShift"]


class StepShift(_shift.ShiftBase):
    """Sets an optimizer attribute to ``init * gamma ** floor(t / step)``.

    ``t`` counts the calls of the extension. With ``target``, the value stops
    there (it does not grow past it when ``gamma > 1``, nor shrink past it
    otherwise).

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        gamma (float): the factor applied every ``step`` calls.
        step (int): the number of calls between two changes; positive.
        init (float): the value at ``t = 0``; the optimizer's value when the
            training starts when None.
        target (float): the value at which the shift stops; None for none.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when ``step`` is not positive.
    """

    def __init__(self, attr, gamma, step, init=None, target=None, optimizer=None):
        _shift.check_number("gamma", gamma, "StepShift")
        _shift.check_number("step", step, "StepShift")
        if step <= 0:
            raise ValueError(f"StepShift: step must be positive, not {step!r}")
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._step = step
        self._target = target

    def _value(self):
        value = self._init * self._gamma ** (self._t // self._step)
        return _shift.clip_to_target(value, self._target, self._gamma > 1)
