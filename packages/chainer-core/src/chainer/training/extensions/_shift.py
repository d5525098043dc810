"""Common machinery of the extensions that shift an optimizer hyperparameter."""

from __future__ import annotations

import numbers

from chainer.training import extension

__all__ = ["ShiftBase", "clip_to_target", "to_scalar"]


def to_scalar(value):
    """Turns a deserialized value (a 0-d array, a NumPy scalar) into a Python one."""
    if value is None:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def clip_to_target(value, target, growing):
    """Stops ``value`` at ``target``.

    Args:
        value (float): the scheduled value.
        target (float or None): the bound; no clipping when None.
        growing (bool): whether the schedule moves away from zero (then a
            value larger than ``target`` in magnitude is clipped) or toward
            zero (then a smaller one is).

    Returns:
        float: the clipped value.
    """
    if target is None:
        return value
    if growing:
        return target if abs(value) > abs(target) else value
    return target if abs(value) < abs(target) else value


def check_number(name, value, cls, allow_none=False):
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{cls}: {name} must be a real number, not {value!r}")


class ShiftBase(extension.Extension):
    """Base of the shift extensions: the optimizer, the counter and resume.

    Subclasses define :meth:`_value` (the value at ``self._t``), called by
    :meth:`initialize` with ``t = 0`` and by :meth:`__call__` after the counter
    was advanced. The last value set is serialized, with the counter, so that
    a resumed training sets the same value again in :meth:`initialize`.
    """

    def __init__(self, attr, init=None, optimizer=None):
        if not isinstance(attr, str):
            raise TypeError(f"{type(self).__name__}: attr must be a str, not {attr!r}")
        self._attr = attr
        self._init = init
        self._optimizer = optimizer
        self._t = 0
        self._last_value = None

    def _get_optimizer(self, trainer):
        return self._optimizer or trainer.updater.get_optimizer("main")

    def _update_value(self, optimizer, value):
        setattr(optimizer, self._attr, value)
        self._last_value = value

    def _value(self):
        raise NotImplementedError

    def initialize(self, trainer):
        """Reads the initial value (when ``init`` is None) and sets the current one.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        optimizer = self._get_optimizer(trainer)
        if self._init is None:
            self._init = getattr(optimizer, self._attr)
        if self._last_value is not None:  # resumed
            value = self._last_value
        else:
            value = self._value()
        self._update_value(optimizer, value)

    def __call__(self, trainer):
        """Advances the counter by one and sets the new value.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        self._t += 1
        self._update_value(self._get_optimizer(trainer), self._value())

    def serialize(self, serializer):
        """Saves or loads the counter ``_t`` and the last value ``_last_value``.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        self._t = int(to_scalar(serializer("_t", self._t)))
        self._last_value = to_scalar(serializer("_last_value", self._last_value))
