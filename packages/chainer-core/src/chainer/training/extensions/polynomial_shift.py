"""The PolynomialShift extension: a polynomial decay of a hyperparameter."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["PolynomialShift"]


class PolynomialShift(_shift.ShiftBase):
    """Sets an optimizer attribute to ``init * max(1 - t / max_count, 0) ** rate``.

    ``t`` counts the calls of the extension; after ``max_count`` calls the
    value is zero (for ``rate > 0``). With ``target``, the value stops there.

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        rate (float): the exponent.
        max_count (int): the number of calls after which the decay ends; positive.
        init (float): the value at ``t = 0``; the optimizer's value when the
            training starts when None.
        target (float): the value at which the shift stops; None for none.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when ``max_count`` is not positive.
    """

    def __init__(self, attr, rate, max_count, init=None, target=None, optimizer=None):
        _shift.check_number("rate", rate, "PolynomialShift")
        _shift.check_number("max_count", max_count, "PolynomialShift")
        if max_count <= 0:
            raise ValueError(f"PolynomialShift: max_count must be positive, not {max_count!r}")
        super().__init__(attr, init, optimizer)
        self._rate = rate
        self._max_count = max_count
        self._target = target

    def _value(self):
        decay = max(1 - self._t / self._max_count, 0)
        if decay == 0 and self._rate <= 0:
            value = self._init * (1.0 if self._rate == 0 else float("inf"))
        else:
            value = self._init * decay**self._rate
        return _shift.clip_to_target(value, self._target, self._rate < 0)
