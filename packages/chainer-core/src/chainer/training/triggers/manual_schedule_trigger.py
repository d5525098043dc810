"""A trigger that fires at given iterations or epochs."""

from __future__ import annotations

import numbers
import warnings

from chainer.training.triggers import _common

__all__ = ["ManualScheduleTrigger"]


class ManualScheduleTrigger:
    """Fires when the training reaches one of the given points.

    Args:
        points (int, float or list): the points, in ``unit``: one number or
            a list (a tuple works too).
        unit (str): ``'iteration'`` or ``'epoch'``.

    Attributes:
        finished (bool): True once the last point has been passed; the
            trainer then skips the extension's ``initialize`` on resume.

    Raises:
        ValueError: for an unknown unit or an empty list of points.
    """

    def __init__(self, points, unit):
        _common.check_unit("ManualScheduleTrigger", unit)
        if isinstance(points, numbers.Number):
            points = [points]
        else:
            points = list(points)
        if not points:
            raise ValueError("ManualScheduleTrigger: points must not be empty")
        self.points = points
        self.unit = unit
        self.finished = False
        self._finished_unknown = False
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.0

    def __call__(self, trainer):
        """Says whether a point was reached since the previous call.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Returns:
            bool: True when the trigger fires.
        """
        updater = trainer.updater
        previous, current = _common.positions(self, updater)
        fire = any(previous < p <= current for p in self.points)
        last = max(self.points)
        if self._finished_unknown:
            # Resumed from a snapshot without the flag: guess it from the position.
            self._finished_unknown = False
            if current >= last:
                self.finished = True
        if fire and current >= last:
            self.finished = True
        _common.remember(self, updater)
        return fire

    def serialize(self, serializer):
        """Saves or loads the previous position and :attr:`finished`.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        _common.serialize_positions(self, serializer)
        try:
            self.finished = bool(serializer("finished", self.finished))
        except KeyError:
            warnings.warn(
                "ManualScheduleTrigger: the finished flag was not saved; it is guessed "
                "from the current position",
                stacklevel=2,
            )
            self._finished_unknown = True
