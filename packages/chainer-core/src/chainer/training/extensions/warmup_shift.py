"""The WarmupShift extension: a linear warm-up of a hyperparameter."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["WarmupShift"]


class WarmupShift(_shift.ShiftBase):
    """Raises an optimizer attribute linearly from ``warmup_start`` to ``init``.

    The value is ``warmup_start`` when the training starts, and
    ``warmup_start + (init - warmup_start) * t / warmup_iter`` at the ``t``-th
    call for ``t <= warmup_iter``; later calls leave the attribute alone, so
    another extension (a decay) may take over.

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        warmup_start (float): the value at the start.
        warmup_iter (int): the number of calls of the warm-up; positive.
        init (float): the value at the end of the warm-up.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when ``warmup_iter`` is not positive.
    """

    def __init__(self, attr, warmup_start, warmup_iter, init, optimizer=None):
        _shift.check_number("warmup_start", warmup_start, "WarmupShift")
        _shift.check_number("warmup_iter", warmup_iter, "WarmupShift")
        _shift.check_number("init", init, "WarmupShift")
        if warmup_iter <= 0:
            raise ValueError(f"WarmupShift: warmup_iter must be positive, not {warmup_iter!r}")
        super().__init__(attr, init, optimizer)
        self._warmup_start = warmup_start
        self._warmup_iter = warmup_iter

    def _value(self):
        t = min(self._t, self._warmup_iter)
        return self._warmup_start + (self._init - self._warmup_start) * t / self._warmup_iter

    def __call__(self, trainer):
        """Advances the counter and sets the value while the warm-up lasts.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        self._t += 1
        if self._t <= self._warmup_iter:
            self._update_value(self._get_optimizer(trainer), self._value())
