"""A stop trigger that ends training when a monitored value stops improving."""

from __future__ import annotations

import operator
import warnings

from chainer import reporter
from chainer.training import util

__all__ = ["EarlyStoppingTrigger"]


class EarlyStoppingTrigger:
    """Stops training when the monitored value has not improved ``patience`` times in a row.

    Use it as the trainer's stop trigger. Every call adds
    ``trainer.observation[monitor]`` (when present) to a running mean. When
    ``check_trigger`` fires, the mean is compared with the best mean so far:
    an improvement resets the count of bad checks, anything else adds one.
    The trigger fires when the count reaches ``patience``, or when
    ``max_trigger`` fires, whichever comes first.

    Args:
        check_trigger: how often the value is checked (default ``(1, 'epoch')``).
        monitor (str): the observation key to watch.
        patience (int): the number of checks without improvement that stops
            the training (default 3).
        mode (str): ``'max'`` (larger is better), ``'min'`` (smaller is
            better) or ``'auto'``: ``'max'`` when the key contains
            ``'accuracy'``, ``'min'`` otherwise.
        verbose (bool): print the mode and the epoch at which training stops.
        max_trigger: the longest training (default ``(100, 'epoch')``).
        patients (int): keyword-only alias of ``patience`` (Chainer v7 spelling).

    Raises:
        TypeError: when both ``patience`` and ``patients`` are given, or for
            another unknown keyword argument.
        ValueError: for an unknown ``mode`` or a negative ``patience``.
    """

    def __init__(
        self,
        check_trigger=(1, "epoch"),
        monitor="main/loss",
        patience=None,
        mode="auto",
        verbose=False,
        max_trigger=(100, "epoch"),
        **kwargs,
    ):
        patients = kwargs.pop("patients", None)
        if kwargs:
            raise TypeError(
                f"EarlyStoppingTrigger got unexpected keyword arguments {sorted(kwargs)}"
            )
        if patients is not None:
            if patience is not None:
                raise TypeError(
                    "EarlyStoppingTrigger: give patience only ('patients' is its old alias)"
                )
            patience = patients
        if patience is None:
            patience = 3
        if patience < 0:
            raise ValueError(f"EarlyStoppingTrigger: patience must be >= 0, not {patience!r}")
        if mode not in ("auto", "max", "min"):
            raise ValueError(
                f"EarlyStoppingTrigger: mode must be 'auto', 'max' or 'min', not {mode!r}"
            )

        self.count = 0
        self.patience = patience
        self.monitor = monitor
        self.verbose = verbose
        self.already_warning = False
        self._max_trigger = util.get_trigger(max_trigger)
        self._interval_trigger = util.get_trigger(check_trigger)
        self._init_summary()

        if mode == "auto":
            mode = "max" if "accuracy" in monitor else "min"
        if mode == "max":
            self._compare = operator.gt
            self.best = float("-inf")
        else:
            self._compare = operator.lt
            self.best = float("inf")
        if verbose:
            print(f"early stopping: {'greater' if mode == 'max' else 'less'} is better")

    def __call__(self, trainer):
        """Says whether training should stop now.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Returns:
            bool: True when training should stop.
        """
        observation = trainer.observation
        if self.monitor in observation:
            self._summary.add({self.monitor: observation[self.monitor]})

        if self._max_trigger(trainer):
            return True
        if not self._interval_trigger(trainer):
            return False

        if self.monitor not in observation:
            if not self.already_warning:
                warnings.warn(
                    f"EarlyStoppingTrigger: {self.monitor!r} is not in the observation",
                    stacklevel=2,
                )
                self.already_warning = True
            return False

        current = float(self._summary.compute_mean()[self.monitor])
        self._init_summary()
        if self._compare(current, self.best):
            self.best = current
            self.count = 0
        else:
            self.count += 1

        if self._stop_condition():
            if self.verbose:
                print(f"Epoch {trainer.updater.epoch}: early stopping")
            return True
        return False

    def _stop_condition(self):
        return self.count >= self.patience

    def _init_summary(self):
        self._summary = reporter.DictSummary()

    def get_training_length(self):
        """Returns the training length of ``max_trigger`` (e.g. for a progress bar)."""
        return self._max_trigger.get_training_length()

    def serialize(self, serializer):
        """Saves or loads the count, the best value, the running mean and the inner triggers.

        (Chainer v7's trigger kept this state only in memory; saving it makes a
        resumed run stop at the same point as an uninterrupted one.)

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if hasattr(self._max_trigger, "serialize"):
            self._max_trigger.serialize(serializer["max_trigger"])
        if hasattr(self._interval_trigger, "serialize"):
            self._interval_trigger.serialize(serializer["interval_trigger"])
        self._summary.serialize(serializer["summary"])
        self.count = int(serializer("count", self.count))
        self.best = float(serializer("best", self.best))
