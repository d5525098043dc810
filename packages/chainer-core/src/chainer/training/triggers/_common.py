"""Pieces shared by the iteration- and epoch-based triggers."""

from __future__ import annotations

import warnings

UNITS = ("epoch", "iteration")


def check_unit(owner, unit):
    if unit not in UNITS:
        raise ValueError(f"{owner}: unit must be 'epoch' or 'iteration', not {unit!r}")


def positions(trigger, updater):
    """The previous and current position of the training, in the trigger's unit.

    The previous position is the one the trigger saw at its last call. A
    negative value marks it as unknown (a snapshot that did not store it):
    then the updater's own previous position is used.
    """
    if trigger.unit == "epoch":
        current = updater.epoch_detail
        previous = trigger._previous_epoch_detail
        if previous < 0:
            previous = updater.previous_epoch_detail
            if previous is None:
                previous = 0.0
    else:
        current = updater.iteration
        previous = trigger._previous_iteration
        if previous < 0:
            previous = current - 1
    return previous, current


def remember(trigger, updater):
    trigger._previous_iteration = updater.iteration
    epoch_detail = getattr(updater, "epoch_detail", None)
    if epoch_detail is not None:
        trigger._previous_epoch_detail = epoch_detail


def serialize_positions(trigger, serializer):
    name = type(trigger).__name__
    try:
        trigger._previous_iteration = int(
            serializer("_previous_iteration", trigger._previous_iteration)
        )
    except KeyError:
        warnings.warn(
            f"{name}: the previous iteration was not saved; it is guessed from the "
            "current one, which is right only if the trigger is called every iteration",
            stacklevel=3,
        )
        trigger._previous_iteration = -1
    try:
        trigger._previous_epoch_detail = float(
            serializer("_previous_epoch_detail", trigger._previous_epoch_detail)
        )
    except KeyError:
        warnings.warn(
            f"{name}: the previous epoch detail was not saved; the updater's "
            "previous_epoch_detail is used instead",
            stacklevel=3,
        )
        trigger._previous_epoch_detail = -1.0
