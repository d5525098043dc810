"""The MicroAverage extension: the ratio of two sums of observed values."""

from __future__ import annotations

from chainer import reporter as reporter_module
from chainer.training import extension
from chainer.training import util as trigger_module

__all__ = ["MicroAverage"]


def _to_number(value):
    value = getattr(value, "array", value)  # a Variable
    if hasattr(value, "get"):  # a CuPy array
        value = value.get()
    if hasattr(value, "item"):
        value = value.item()
    return value


class MicroAverage(extension.Extension):
    """Reports ``sum(numerator) / sum(denominator)`` over a period.

    The macro average (the mean of per-iteration ratios, what
    :class:`LogReport` computes) differs from the micro average when the
    batches differ in size. Report, at each iteration, e.g. the number of
    correct answers and the number of examples::

        chainer.report({"n_correct": n_correct, "n_total": n_total}, model)
        trainer.extend(extensions.MicroAverage(
            "main/n_correct", "main/n_total", "main/accuracy"))

    The sums grow at each iteration where both keys are observed; when
    ``trigger`` fires, their ratio is reported under ``result_key`` and they
    are reset. Its priority is :data:`~chainer.training.PRIORITY_EDITOR`, so
    the result is seen by the readers (LogReport) of the same iteration.

    Args:
        numerator_key (str): the observation key of the numerator.
        denominator_key (str): the observation key of the denominator.
        result_key (str): the key under which the ratio is reported.
        trigger: when to report (``(1, 'epoch')`` by default).
    """

    priority = extension.PRIORITY_EDITOR

    def __init__(self, numerator_key, denominator_key, result_key, trigger=(1, "epoch")):
        self._numerator_key = numerator_key
        self._denominator_key = denominator_key
        self._result_key = result_key
        self._trigger = trigger_module.get_trigger(trigger)
        self._numerator = 0
        self._denominator = 0

    def __call__(self, trainer):
        """Adds the observed values and reports the ratio when the trigger fires.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        observation = trainer.observation
        if self._numerator_key not in observation or self._denominator_key not in observation:
            return
        self._numerator += _to_number(observation[self._numerator_key])
        self._denominator += _to_number(observation[self._denominator_key])
        if self._trigger(trainer):
            if self._denominator == 0:
                result = float("nan")
            else:
                result = float(self._numerator) / self._denominator
            self._numerator = 0
            self._denominator = 0
            reporter_module.report({self._result_key: result})

    def serialize(self, serializer):
        """Saves or loads the sums and the trigger.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if hasattr(self._trigger, "serialize"):
            self._trigger.serialize(serializer["trigger"])
        self._numerator = _to_number(serializer("_numerator", self._numerator))
        self._denominator = _to_number(serializer("_denominator", self._denominator))
