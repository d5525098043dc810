"""A trigger that fires at a fixed interval of iterations or epochs."""

from __future__ import annotations

from chainer.training.triggers import _common

__all__ = ["IntervalTrigger"]


class IntervalTrigger:
    """Fires every ``period`` iterations or epochs.

    With ``unit='epoch'`` a fractional period works too: ``(0.5, 'epoch')``
    fires twice an epoch. The trigger fires when the position of the training
    crosses a multiple of the period since its previous call, so it does not
    need to be called every iteration.

    Args:
        period (int or float): the length of the interval (positive).
        unit (str): ``'iteration'`` or ``'epoch'``.

    Raises:
        ValueError: for an unknown unit or a period that is not positive.
    """

    def __init__(self, period, unit):
        _common.check_unit("IntervalTrigger", unit)
        if not period > 0:
            raise ValueError(f"IntervalTrigger: period must be positive, not {period!r}")
        self.period = period
        self.unit = unit
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0
        # Chainer v7 kept the number of whole periods passed (epoch unit) as ``count``.
        self.count = 0

    def __call__(self, trainer):
        """Says whether the interval was crossed since the previous call.

        Args:
            trainer (~chainer.training.Trainer): the trainer (its ``updater``
                gives the position of the training).

        Returns:
            bool: True when the trigger fires.
        """
        updater = trainer.updater
        previous, current = _common.positions(self, updater)
        if self.unit == "epoch":
            self.count = int(current // self.period)
        fire = previous // self.period != current // self.period
        _common.remember(self, updater)
        return bool(fire)

    def get_training_length(self):
        """Returns ``(period, unit)``: the training length when this is a stop trigger."""
        return self.period, self.unit

    def serialize(self, serializer):
        """Saves or loads the position seen at the previous call.

        A snapshot without it gives a warning; the trigger then guesses it
        from the updater.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        _common.serialize_positions(self, serializer)

    def __str__(self):
        return f"{type(self).__name__}({self.period}, {self.unit!r})"

    __repr__ = __str__
