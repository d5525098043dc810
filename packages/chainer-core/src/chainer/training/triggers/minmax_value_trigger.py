"""Triggers that fire when an observed value reaches a new best."""

from __future__ import annotations

import math

from chainer import reporter
from chainer.training import util

__all__ = ["BestValueTrigger", "MaxValueTrigger", "MinValueTrigger"]


class BestValueTrigger:
    """Fires when the mean of an observed value is better than every earlier mean.

    Every call adds ``trainer.observation[key]`` (when present) to a running
    mean. When the interval ``trigger`` fires, the mean is compared with the
    best so far (the first mean is always a new best) and the mean starts over.

    Args:
        key (str): the observation key, e.g. ``'validation/main/loss'``.
        compare (callable): ``compare(best, new)`` is True when ``new`` is better.
        trigger: how often the comparison is made, e.g. ``(1, 'epoch')``
            (anything :func:`~chainer.training.get_trigger` accepts).
    """

    def __init__(self, key, compare, trigger=(1, "epoch")):
        self._key = key
        self._best_value = None
        self._interval_trigger = util.get_trigger(trigger)
        self._init_summary()
        self._compare = compare

    def __call__(self, trainer):
        """Accumulates the value and, at the interval, says whether it is a new best.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Returns:
            bool: True when the trigger fires.

        Raises:
            KeyError: when the interval comes and the key was never observed.
        """
        observation = trainer.observation
        key = self._key
        if key in observation:
            self._summary.add({key: observation[key]})
        if not self._interval_trigger(trainer):
            return False
        stats = self._summary.compute_mean()
        if key not in stats:
            raise KeyError(
                f"{type(self).__name__}: key {key!r} was not found in the observation "
                f"(the observed keys are {sorted(stats)})"
            )
        value = float(stats[key])
        self._init_summary()
        if self._best_value is None or self._compare(self._best_value, value):
            self._best_value = value
            return True
        return False

    def _init_summary(self):
        self._summary = reporter.DictSummary()

    def serialize(self, serializer):
        """Saves or loads the interval trigger, the running mean and the best value.

        The best value is stored as a float (NaN before the first comparison),
        so that no snapshot needs a pickled None.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if hasattr(self._interval_trigger, "serialize"):
            self._interval_trigger.serialize(serializer["interval_trigger"])
        self._summary.serialize(serializer["summary"])
        best = math.nan if self._best_value is None else self._best_value
        best = float(serializer("best_value", best))
        self._best_value = None if math.isnan(best) else best


class MaxValueTrigger(BestValueTrigger):
    """Fires when the mean of an observed value reaches a new maximum.

    Typical use: save the model with the best validation accuracy::

        trainer.extend(
            extensions.snapshot_object(model, "best.npz"),
            trigger=MaxValueTrigger("validation/main/accuracy"),
        )

    Args:
        key (str): the observation key.
        trigger: how often the comparison is made (default ``(1, 'epoch')``).
    """

    def __init__(self, key, trigger=(1, "epoch")):
        super().__init__(key, lambda best, new: new > best, trigger)


class MinValueTrigger(BestValueTrigger):
    """Fires when the mean of an observed value reaches a new minimum.

    Args:
        key (str): the observation key, e.g. ``'validation/main/loss'``.
        trigger: how often the comparison is made (default ``(1, 'epoch')``).
    """

    def __init__(self, key, trigger=(1, "epoch")):
        super().__init__(key, lambda best, new: new < best, trigger)
