"""The simplest iterator: examples are read in the calling thread, one batch at a time."""

from __future__ import annotations

from chainer.dataset import iterator
from chainer.iterators import _statemachine

__all__ = ["SerialIterator"]


class SerialIterator(iterator.Iterator):
    """Dataset iterator that reads the examples serially in the calling thread.

    Each call of :meth:`__next__` returns a list of ``batch_size`` examples,
    taken from the dataset in the order the order sampler chose for the
    epoch (a random permutation by default). When ``repeat`` is ``True`` a
    batch that crosses the end of an epoch is completed with the first
    examples of the next epoch, so every batch has ``batch_size`` examples;
    otherwise the last batch of the epoch may be shorter and the following
    call raises :class:`StopIteration`.

    Shuffling is on by default to avoid accidentally training on a sorted
    dataset. For evaluation pass ``shuffle=False``, which also keeps the
    examples in index order.

    The iterator's position, the epoch's order and the order sampler's random
    state are saved by :meth:`serialize`, so a run resumed from a snapshot
    sees exactly the batches an uninterrupted run would have seen. It saves
    ``-1`` instead of ``None`` for ``previous_epoch_detail`` because some
    serializers cannot store ``None``.

    Args:
        dataset: The dataset to iterate: any object with ``__len__`` and
            ``__getitem__`` taking an integer index.
        batch_size (int): Number of examples within each batch.
        repeat (bool): If ``True``, it loops over the dataset forever.
            Otherwise, it stops iteration at the end of the first epoch.
        shuffle (bool): If ``True``, the order of examples is shuffled at the
            beginning of each epoch. If ``False``, examples are returned in
            the order of their indices. If ``None`` and no ``order_sampler``
            is given, the behavior is the same as with ``shuffle=True``.
        order_sampler (callable): A callable ``(current_order,
            current_position) -> next_order`` that chooses the order of the
            next epoch when an epoch ends (and of the first epoch at reset);
            see :class:`~chainer.iterators.OrderSampler`. The size of the
            order must stay the same. It cannot be combined with a
            ``shuffle`` other than ``None``.

    Attributes:
        dataset: The dataset.
        order_sampler: The order sampler in use (``None`` when not shuffling).
    """

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None, order_sampler=None):
        self.dataset = dataset
        batch_size = _statemachine.check_batch_size(batch_size)
        self._repeat = bool(repeat)
        self._shuffle = shuffle
        self.order_sampler = _statemachine.resolve_order_sampler(shuffle, order_sampler)
        self._cursor = _statemachine.Cursor(dataset, batch_size, self._repeat, self.order_sampler)

    def __next__(self):
        """Returns the next batch: a list of examples.

        Raises:
            StopIteration: when ``repeat`` is ``False`` and the epoch is over.
        """
        cursor = self._cursor
        indices, ticket = cursor.produce()
        if indices is None:
            cursor.finish()
            raise StopIteration
        cursor.consume(ticket)
        dataset = self.dataset
        return [dataset[index] for index in indices.tolist()]

    next = __next__

    @property
    def batch_size(self):
        """int: Number of examples within each batch (it may be changed between batches)."""
        return self._cursor.batch_size

    @batch_size.setter
    def batch_size(self, value):
        self._cursor.batch_size = _statemachine.check_batch_size(value)

    @property
    def current_position(self):
        """int: Position of the next example within the current epoch's order."""
        return self._cursor.state.current_position

    @property
    def epoch(self):
        """int: Number of completed sweeps over the dataset."""
        return self._cursor.state.epoch

    @property
    def is_new_epoch(self):
        """bool: ``True`` if the last batch completed an epoch."""
        return self._cursor.state.is_new_epoch

    @property
    def epoch_detail(self):
        """float: The epoch as a real number, e.g. ``2.5`` in the middle of the third epoch."""
        return self._cursor.epoch_detail

    @property
    def previous_epoch_detail(self):
        """float: :attr:`epoch_detail` before the last batch, or ``None`` before the first."""
        value = self._cursor.previous_epoch_detail
        return None if value < 0 else value

    @property
    def repeat(self):
        """bool: Whether the iterator loops over the dataset forever."""
        return self._repeat

    def reset(self):
        """Goes back to the start of the first epoch, drawing a new order."""
        self._cursor.reset()

    def serialize(self, serializer):
        """Saves or restores the position, the order and the order sampler's state.

        Args:
            serializer (~chainer.AbstractSerializer): The serializer or
                deserializer.
        """
        self._cursor.serialize(serializer)
