"""The MultistepShift extension: multiplies a hyperparameter by gamma at given steps."""

from __future__ import annotations

from chainer.training.extensions import _shift

__all__ = ["MultistepShift"]


class MultistepShift(_shift.ShiftBase):
    """Sets an optimizer attribute to ``init * gamma ** k``.

    ``k`` is the number of entries of ``step_value`` that the call counter
    ``t`` has reached (``t >= step_value[i]``). The value ``init`` (or
    ``init * gamma ** k`` after a resume) is set when the training starts.

    Args:
        attr (str): the name of the optimizer attribute, e.g. ``'lr'``.
        gamma (float): the factor applied at each step.
        step_value (sequence of int): the calls at which to multiply, increasing.
        init (float): the initial value; the optimizer's value when the
            training starts when None.
        optimizer (~chainer.Optimizer): the optimizer; the updater's
            ``'main'`` optimizer when None.

    Raises:
        ValueError: when ``step_value`` is not increasing.
    """

    def __init__(self, attr, gamma, step_value, init, optimizer=None):
        _shift.check_number("gamma", gamma, "MultistepShift")
        _shift.check_number("init", init, "MultistepShift", allow_none=True)
        step_value = list(step_value)
        if any(a >= b for a, b in zip(step_value, step_value[1:])):
            raise ValueError(
                f"MultistepShift: step_value must be strictly increasing, not {step_value!r}"
            )
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._step_value = step_value
        self._current_step = 0

    def _value(self):
        while (
            self._current_step < len(self._step_value)
            and self._t >= self._step_value[self._current_step]
        ):
            self._current_step += 1
        return self._init * self._gamma**self._current_step

    def serialize(self, serializer):
        """Saves or loads ``_t``, ``_last_value`` and ``_current_step``.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        super().serialize(serializer)
        self._current_step = int(_shift.to_scalar(serializer("_current_step", self._current_step)))
