"""A trainer with a stand-in updater, for testing extensions and triggers."""

from __future__ import annotations

from unittest import mock

__all__ = ["get_trainer_with_mock_updater"]


def get_trainer_with_mock_updater(
    stop_trigger=(10, "iteration"), iter_per_epoch=10, extensions=None
):
    """Returns a :class:`~chainer.training.Trainer` whose updater only counts.

    The updater is a :class:`unittest.mock.Mock` without optimizers. Each
    ``update()`` calls ``updater.update_core()`` (a mock: set its
    ``side_effect`` to do something at every iteration) and then advances
    ``iteration``, ``epoch``, ``epoch_detail``, ``previous_epoch_detail`` and
    ``is_new_epoch`` as if every epoch had ``iter_per_epoch`` iterations.

    Example::

        trainer = testing.get_trainer_with_mock_updater((3, "epoch"), iter_per_epoch=5)
        trainer.extend(my_extension, trigger=(1, "epoch"))
        trainer.run()

    Args:
        stop_trigger: the stop trigger of the trainer.
        iter_per_epoch (int): the iterations per epoch.
        extensions (list): extensions registered with the trainer.

    Returns:
        ~chainer.training.Trainer: the trainer.

    Raises:
        ValueError: when ``iter_per_epoch`` is not positive.
    """
    from chainer import training

    if iter_per_epoch <= 0:
        raise ValueError(f"iter_per_epoch must be positive, not {iter_per_epoch!r}")

    updater = mock.Mock()
    updater.get_all_optimizers.return_value = {}
    updater.iteration = 0
    updater.epoch = 0
    updater.epoch_detail = 0
    updater.is_new_epoch = True
    updater.previous_epoch_detail = None

    def update():
        updater.update_core()
        updater.iteration += 1
        updater.epoch = updater.iteration // iter_per_epoch
        updater.epoch_detail = updater.iteration / iter_per_epoch
        updater.is_new_epoch = (updater.iteration - 1) // iter_per_epoch != updater.epoch
        updater.previous_epoch_detail = (updater.iteration - 1) / iter_per_epoch

    updater.update = update
    return training.Trainer(updater, stop_trigger, extensions=extensions)
