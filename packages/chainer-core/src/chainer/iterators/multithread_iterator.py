"""An iterator that loads examples with a pool of threads and prefetches one batch."""

from __future__ import annotations

import concurrent.futures
import numbers

from chainer.dataset import iterator
from chainer.iterators import _statemachine

__all__ = ["MultithreadIterator"]


def _load(dataset, indices):
    return [dataset[index] for index in indices]


class MultithreadIterator(iterator.Iterator):
    """Dataset iterator that loads examples in parallel with threads.

    The examples of a batch are read by ``n_threads`` worker threads, and
    the next batch starts loading as soon as the current one is returned,
    so loading overlaps the training step. Threads help when reading an
    example releases the GIL (file I/O, image decoding, most NumPy work);
    for pure-Python preprocessing use
    :class:`~chainer.iterators.MultiprocessIterator`.

    Epochs, shuffling and snapshots behave exactly as in
    :class:`~chainer.iterators.SerialIterator`: the state saved by
    :meth:`serialize` is the one after the last returned batch (the
    prefetched batch is loaded again after a resume, with the same order).

    Args:
        dataset: The dataset to iterate.
        batch_size (int): Number of examples within each batch.
        repeat (bool): If ``True``, it loops over the dataset forever.
            Otherwise, it stops iteration at the end of the first epoch.
        shuffle (bool): If ``True``, the order of examples is shuffled at the
            beginning of each epoch; if ``False`` they come in index order.
            If ``None`` and no ``order_sampler`` is given, the behavior is the
            same as with ``shuffle=True``.
        n_threads (int): Number of worker threads.
        order_sampler (callable): A callable ``(current_order,
            current_position) -> next_order`` that chooses the order of each
            epoch; it cannot be combined with a ``shuffle`` other than ``None``.
    """

    def __init__(
        self, dataset, batch_size, repeat=True, shuffle=None, n_threads=1, order_sampler=None
    ):
        if isinstance(n_threads, bool) or not isinstance(n_threads, numbers.Integral):
            raise TypeError(f"n_threads must be an int, not {type(n_threads).__name__}")
        if n_threads < 1:
            raise ValueError(f"n_threads must be at least 1, got {n_threads}")
        self.dataset = dataset
        batch_size = _statemachine.check_batch_size(batch_size)
        self._repeat = bool(repeat)
        self._shuffle = shuffle
        self.n_threads = int(n_threads)
        self.order_sampler = _statemachine.resolve_order_sampler(shuffle, order_sampler)
        self._cursor = _statemachine.Cursor(dataset, batch_size, self._repeat, self.order_sampler)
        self._executor = None
        self._next = None  # (futures, ticket) of the prefetched batch

    def __next__(self):
        """Returns the next batch: a list of examples.

        Raises:
            StopIteration: when ``repeat`` is ``False`` and the epoch is over.
        """
        if self._next is None:
            self._prefetch()
        pending = self._next
        self._next = None
        if pending is None:
            self._cursor.finish()
            raise StopIteration
        futures, ticket = pending
        try:
            batch = []
            for future in futures:
                batch.extend(future.result())
        except BaseException:
            # The batch is lost (a dataset error or an interrupt): count it as
            # consumed on a dataset error, like SerialIterator, but not on an
            # interrupt, where the same batch is loaded again next time.
            for future in futures:
                future.cancel()
            if _failed_in_dataset(futures):
                self._cursor.consume(ticket)
            else:
                self._cursor.rewind()
            raise
        try:
            self._prefetch()
        except BaseException:
            # The batch is not returned: go back so that it is loaded again.
            self._cursor.rewind()
            raise
        self._cursor.consume(ticket)
        return batch

    next = __next__

    def _prefetch(self):
        indices, ticket = self._cursor.produce()
        if indices is None:
            self._next = None
            return
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                self.n_threads, thread_name_prefix="MultithreadIterator"
            )
        indices = indices.tolist()
        # A few chunks per thread balance the load without a future per example.
        n_chunks = min(len(indices), self.n_threads * 4)
        size = -(-len(indices) // n_chunks)
        futures = [
            self._executor.submit(_load, self.dataset, indices[start : start + size])
            for start in range(0, len(indices), size)
        ]
        self._next = (futures, ticket)

    def _drop_prefetched(self):
        if self._next is not None:
            for future in self._next[0]:
                future.cancel()
            self._next = None

    def finalize(self):
        """Stops the worker threads (waiting for the examples being read).

        The iterator can still be used afterwards: it starts new threads.
        """
        self._drop_prefetched()
        self._cursor.rewind()
        executor = self._executor
        self._executor = None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    @property
    def batch_size(self):
        """int: Number of examples within each batch (it may be changed between batches)."""
        return self._cursor.batch_size

    @batch_size.setter
    def batch_size(self, value):
        value = _statemachine.check_batch_size(value)
        if value != self._cursor.batch_size:
            # The prefetched batch has the old size: load it again.
            self._drop_prefetched()
            self._cursor.rewind()
            self._cursor.batch_size = value

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
        self._drop_prefetched()
        self._cursor.reset()

    def serialize(self, serializer):
        """Saves or restores the position, the order and the order sampler's state.

        Args:
            serializer (~chainer.AbstractSerializer): The serializer or
                deserializer.
        """
        if self._cursor.serialize(serializer):
            self._drop_prefetched()


def _failed_in_dataset(futures):
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is not None:
            return True
    return False
