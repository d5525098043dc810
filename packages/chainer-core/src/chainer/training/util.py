"""Helpers shared by the trainer, the triggers and the extensions."""

from __future__ import annotations

from chainer.training.triggers import interval_trigger

__all__ = ["get_trigger"]


def _never_fire_trigger(trainer):
    return False


def get_trigger(trigger):
    """Turns a trigger specification into a trigger.

    Args:
        trigger: a callable that takes the trainer and returns a bool (it is
            returned as is), a ``(period, unit)`` tuple such as ``(1,
            'epoch')`` (an :class:`~chainer.training.triggers.IntervalTrigger`
            is made), or None (a trigger that never fires).

    Returns:
        callable: the trigger.

    Raises:
        TypeError: when ``trigger`` is none of these.
    """
    if callable(trigger):
        return trigger
    if trigger is None:
        return _never_fire_trigger
    if not isinstance(trigger, (tuple, list)) or len(trigger) != 2:
        raise TypeError(
            "a trigger must be a callable, None or a (period, unit) pair such as "
            f"(1, 'epoch'), not {trigger!r}"
        )
    return interval_trigger.IntervalTrigger(*trigger)
