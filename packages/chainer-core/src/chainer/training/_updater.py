"""The interface every updater implements."""

from __future__ import annotations

__all__ = ["Updater"]


class Updater:
    """Base class of updaters: the part of a training loop that updates the parameters.

    The :class:`~chainer.training.Trainer` calls :meth:`update` once per
    iteration and reads ``iteration`` (and, for epoch-based triggers,
    ``epoch``, ``epoch_detail``, ``previous_epoch_detail`` and
    ``is_new_epoch``) from the updater.
    """

    def connect_trainer(self, trainer):
        """Called by the trainer's constructor; the updater may register observers here.

        Args:
            trainer (~chainer.training.Trainer): the trainer that owns this updater.
        """

    def finalize(self):
        """Releases what the updater holds (iterators, worker processes); does nothing here."""

    def get_optimizer(self, name):
        """Returns the optimizer registered under ``name``.

        Args:
            name (str): the name, ``'main'`` for the main optimizer.

        Returns:
            ~chainer.Optimizer: the optimizer.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement get_optimizer")

    def get_all_optimizers(self):
        """Returns every optimizer of the updater.

        Returns:
            dict: optimizers keyed by name. The trainer registers each
            optimizer's target link (and its child links) as a reporter
            observer under that name.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement get_all_optimizers")

    def update(self):
        """Runs one update step (one iteration)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement update")

    def serialize(self, serializer):
        """Saves or loads the state of the updater.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement serialize")
