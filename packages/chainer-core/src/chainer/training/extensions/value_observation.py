"""Extensions that write a value (the learning rate, say) into the observation."""

from __future__ import annotations

from chainer.training import extension

__all__ = ["observe_lr", "observe_value"]


def observe_value(observation_key, target_func):
    """Returns an extension that writes ``target_func(trainer)`` into the observation.

    The extension runs once per epoch by default, with writer priority, so
    that :class:`~chainer.training.extensions.LogReport` sees the value::

        trainer.extend(extensions.observe_value(
            "alpha", lambda t: t.updater.get_optimizer("main").alpha))

    Args:
        observation_key (str): the key under which the value is stored.
        target_func (callable): takes the trainer and returns the value.

    Returns:
        callable: the extension, named ``'observe_value'``.

    Raises:
        TypeError: when ``observation_key`` is not a str or ``target_func``
            is not callable.
    """
    if not isinstance(observation_key, str):
        raise TypeError(f"observe_value: observation_key must be a str, not {observation_key!r}")
    if not callable(target_func):
        raise TypeError(f"observe_value: target_func must be callable, not {target_func!r}")

    @extension.make_extension(trigger=(1, "epoch"), priority=extension.PRIORITY_WRITER)
    def _observe_value(trainer):
        trainer.observation[observation_key] = target_func(trainer)

    _observe_value.default_name = "observe_value"
    return _observe_value


def observe_lr(optimizer_name="main", observation_key="lr"):
    """Returns an extension that writes an optimizer's learning rate into the observation.

    Args:
        optimizer_name (str): the updater's name of the optimizer.
        observation_key (str): the key under which the rate is stored.

    Returns:
        callable: the extension (see :func:`observe_value`).
    """
    return observe_value(
        observation_key, lambda trainer: trainer.updater.get_optimizer(optimizer_name).lr
    )
