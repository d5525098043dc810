"""A trigger that fires once."""

from __future__ import annotations

__all__ = ["OnceTrigger"]


class OnceTrigger:
    """Fires at its first call only.

    After a resume from a snapshot it does not fire again, unless
    ``call_on_resume`` is True: then it fires at the first call after the
    resume as well.

    Args:
        call_on_resume (bool): fire again once after a resume.
    """

    def __init__(self, call_on_resume=False):
        self._flag_first = True
        self._flag_resumed = call_on_resume

    @property
    def finished(self):
        """bool: True once the trigger will not fire anymore."""
        return not (self._flag_first or self._flag_resumed)

    def __call__(self, trainer):
        """Returns True at the first call (and at the first after a resume, if asked).

        Args:
            trainer (~chainer.training.Trainer): the trainer (unused).

        Returns:
            bool: True when the trigger fires.
        """
        fire = not self.finished
        self._flag_first = False
        self._flag_resumed = False
        return fire

    def serialize(self, serializer):
        """Saves or loads whether the first call happened.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        self._flag_first = bool(serializer("_flag_first", self._flag_first))
