"""The ExponentialShift extension: multiplies a hyperparameter by a rate at each call."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["ExponentialShift"]


class ExponentialShift(_shift.ShiftBase):
    """Sets an optimizer attribute to ``init * rate ** t`` at the ``t``-th call.

    Each time the extension is called (every iteration by default; give a
    trigger such as ``(1, 'epoch')`` to :meth:`Trainer.extend`), the counter
    ``t`` grows by one. With ``target``, the value stops there: it does not
    grow past it when ``rate > 1`` and does not shrink past it otherwise.

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        rate (float): the factor, not negative.
        init (float): the value at ``t = 0``; the optimizer's value when the
            training starts when None.
        target (float): the value at which the shift stops; None for none.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when ``rate`` is negative.
    """

    def __init__(self, attr, rate, init=None, target=None, optimizer=None):
        _shift.check_number("rate", rate, "ExponentialShift")
        if rate < 0:
            raise ValueError(f"ExponentialShift: rate must not be negative, not {rate!r}")
        super().__init__(attr, init, optimizer)
        self._rate = rate
        self._target = target

    def _value(self):
        value = self._init * self._rate**self._t
        return _shift.clip_to_target(value, self._target, self._rate > 1)
