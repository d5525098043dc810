"""A trigger that fires at intervals of training time."""

from __future__ import annotations

__all__ = ["TimeTrigger"]


class TimeTrigger:
    """Fires each time another ``period`` seconds of training have passed.

    The time is the trainer's :attr:`~chainer.training.Trainer.elapsed_time`,
    which includes the time before a resume. At most one firing per call: a
    call after a long pause fires once, and the next deadline is one period
    later than the previous deadline.

    Args:
        period (float): the interval in seconds (positive).

    Raises:
        ValueError: when ``period`` is not positive.
    """

    def __init__(self, period):
        if not period > 0:
            raise ValueError(f"TimeTrigger: period must be positive, not {period!r}")
        self._period = period
        self._next_time = period

    def __call__(self, trainer):
        """Says whether the next deadline has passed (and moves it one period on).

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Returns:
            bool: True when the trigger fires.
        """
        if self._next_time < trainer.elapsed_time:
            self._next_time += self._period
            return True
        return False

    def serialize(self, serializer):
        """Saves or loads the next deadline.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        self._next_time = float(serializer("next_time", self._next_time))
