"""An iterator that loads examples in worker processes, passing arrays through shared memory."""

from __future__ import annotations

import collections
import numbers
import os
import warnings
import weakref

from chainer.dataset import iterator
from chainer.iterators import _multiprocess_pool, _statemachine

__all__ = ["MultiprocessIterator"]

_Inflight = collections.namedtuple("_Inflight", ("slot", "ticket"))


def _default_n_processes():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _check_optional_int(name, value, minimum):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


class MultiprocessIterator(iterator.Iterator):
    """Dataset iterator that loads examples in parallel with worker processes.

    The examples of each batch are read by ``n_processes`` worker processes
    started with the :mod:`multiprocessing` module. NumPy arrays in the
    examples (at any depth of tuples, lists, dicts or other picklable
    objects) are written by the workers into shared memory and copied out by
    the main process, so large arrays are not pickled through pipes. While
    the caller trains on a batch, the workers already load the next
    ``n_prefetch`` batches.

    Epochs, shuffling and snapshots behave exactly as in
    :class:`~chainer.iterators.SerialIterator`: :meth:`serialize` saves the
    state after the last *returned* batch, and prefetched batches are loaded
    again, in the same order, after a resume.

    **Failures.** If a worker process dies (killed by a signal, a crash in
    native code, the out-of-memory killer), the next call of :meth:`__next__`
    raises a :class:`RuntimeError` naming the process, how it ended and the
    dataset indices it was loading; the iterator never waits forever for a
    dead worker. The other workers are stopped, and a later call starts new
    ones from the same position. An exception raised by the dataset in a
    worker is re-raised by :meth:`__next__` with the worker's traceback
    attached; that batch is skipped, as with ``SerialIterator``.

    **Shutdown.** :meth:`finalize` (also called on leaving a ``with`` block,
    when the iterator is garbage collected and at interpreter exit) stops the
    workers and frees the shared memory. A :class:`KeyboardInterrupt` (or
    any other exception) raised while :meth:`__next__` waits does the same
    before propagating; the workers ignore ``SIGINT`` themselves. After
    :meth:`finalize` the iterator can still be used: it starts new workers.

    **Start method.** Workers are started with :mod:`multiprocessing`'s
    default start method. With ``fork`` (Linux up to Python 3.13) they
    inherit the dataset; with ``spawn`` or ``forkserver`` the dataset is
    pickled to each worker and must be picklable.

    .. note::
        If the training code uses OpenCV, the workers may hang in OpenCV's
        thread pool. Setting ``OMP_NUM_THREADS=1``, calling
        ``cv2.setNumThreads(0)`` after ``import cv2``, or using
        :class:`~chainer.iterators.MultithreadIterator` avoids it.

    This iterator saves ``-1`` instead of ``None`` for
    ``previous_epoch_detail`` in snapshots, since some serializers cannot
    store ``None``.

    Args:
        dataset: The dataset to iterate.
        batch_size (int): Number of examples within each batch.
        repeat (bool): If ``True``, it loops over the dataset forever.
            Otherwise, it stops iteration at the end of the first epoch.
        shuffle (bool): If ``True``, the order of examples is shuffled at the
            beginning of each epoch; if ``False`` they come in index order.
            If ``None`` and no ``order_sampler`` is given, the behavior is the
            same as with ``shuffle=True``.
        n_processes (int): Number of worker processes. By default, the
            number of CPUs this process may run on.
        n_prefetch (int): Number of batches loaded ahead of the caller.
        shared_mem (int): Bytes of shared memory for the arrays of each
            example. Arrays that do not fit are pickled through a pipe
            instead (with a warning). ``None`` sizes it automatically from
            the examples seen so far (the first batches go through pipes);
            ``0`` never uses shared memory for arrays.
        order_sampler (callable): A callable ``(current_order,
            current_position) -> next_order`` that chooses the order of each
            epoch; it cannot be combined with a ``shuffle`` other than ``None``.
        dataset_timeout (float): A :class:`MultiprocessIterator.TimeoutWarning`
            is issued when a batch is not ready this many seconds after the
            caller started waiting for it (loading goes on). ``None`` disables
            the warning. It can be turned into an error with
            ``warnings.simplefilter('error', MultiprocessIterator.TimeoutWarning)``.
        maxtasksperchild (int): Number of tasks a worker process performs
            before it exits and is replaced by a fresh one, to release
            resources the dataset leaks. A task is one worker's share of one
            batch. ``None`` keeps the workers for the iterator's lifetime.

    Attributes:
        dataset: The dataset.
        repeat (bool): Whether the iterator loops over the dataset forever.
        n_processes (int): Number of worker processes.
        n_prefetch (int): Number of batches loaded ahead.
        shared_mem (int or None): The ``shared_mem`` argument.
        dataset_timeout (float or None): The ``dataset_timeout`` argument.
        order_sampler: The order sampler in use (``None`` when not shuffling).
    """

    class TimeoutWarning(RuntimeWarning):
        """Warned when the workers take longer than ``dataset_timeout`` to load a batch."""

    def __init__(
        self,
        dataset,
        batch_size,
        repeat=True,
        shuffle=None,
        n_processes=None,
        n_prefetch=1,
        shared_mem=None,
        order_sampler=None,
        dataset_timeout=30.0,
        maxtasksperchild=None,
    ):
        self.dataset = dataset
        batch_size = _statemachine.check_batch_size(batch_size)
        self.repeat = bool(repeat)
        self.shuffle = shuffle
        n_processes = _check_optional_int("n_processes", n_processes, 1)
        self.n_processes = n_processes if n_processes is not None else _default_n_processes()
        self.n_prefetch = _check_optional_int("n_prefetch", n_prefetch, 1)
        if self.n_prefetch is None:
            raise TypeError("n_prefetch must be an int, not None")
        self.shared_mem = _check_optional_int("shared_mem", shared_mem, 0)
        if dataset_timeout is not None:
            if isinstance(dataset_timeout, bool) or not isinstance(dataset_timeout, numbers.Real):
                kind = type(dataset_timeout).__name__
                raise TypeError(f"dataset_timeout must be a number or None, not {kind}")
            if dataset_timeout <= 0:
                raise ValueError(f"dataset_timeout must be positive, got {dataset_timeout}")
        self.dataset_timeout = dataset_timeout
        self._maxtasksperchild = _check_optional_int("maxtasksperchild", maxtasksperchild, 1)
        self.order_sampler = _statemachine.resolve_order_sampler(shuffle, order_sampler)
        self._cursor = _statemachine.Cursor(dataset, batch_size, self.repeat, self.order_sampler)
        self._pool = None
        self._pool_finalizer = None
        self._inflight = collections.deque()

    # -- iteration ---------------------------------------------------------

    def __next__(self):
        """Returns the next batch: a list of examples.

        Raises:
            StopIteration: when ``repeat`` is ``False`` and the epoch is over.
            RuntimeError: when a worker process died.
        """
        try:
            batch, error = self._next_batch()
        except BaseException:
            # A dead worker, an interrupt, anything unexpected: stop the
            # workers so nothing is left running or waiting, and rewind so
            # that a later call resumes from the last returned batch.
            self._shutdown()
            raise
        if error is not None:
            raise error
        if batch is None:
            self._cursor.finish()
            raise StopIteration
        return batch

    next = __next__

    def _next_batch(self):
        pool = self._ensure_pool()
        if not self._inflight:
            self._fill(pool, block=True)
            if not self._inflight:
                return None, None
        head = self._inflight[0]
        pool.wait(head.slot, (self.dataset_timeout, self._warn_timeout))
        self._inflight.popleft()
        batch, error = pool.take(head.slot)
        # Refill before moving the position: if it fails, the rewind in
        # __next__ loads this batch again instead of losing it.
        self._fill(pool, block=False)
        self._cursor.consume(head.ticket)
        return batch, error

    def _fill(self, pool, block):
        while len(self._inflight) < self.n_prefetch:
            slot = pool.free_slot()
            if slot is None:
                if not (block and not self._inflight):
                    return
                pool.wait_free_slot()
                continue
            indices, ticket = self._cursor.produce()
            if indices is None:
                return
            pool.dispatch(slot, indices)
            self._inflight.append(_Inflight(slot, ticket))

    def _warn_timeout(self):
        warnings.warn(
            f"MultiprocessIterator: the workers have not loaded the next batch in "
            f"{self.dataset_timeout} seconds; the dataset may be stalled. Common causes are "
            "a dataset that blocks (network or disk), too few worker processes for slow "
            "examples, and OpenCV's threads in forked processes (set OMP_NUM_THREADS=1 or "
            "call cv2.setNumThreads(0)).",
            MultiprocessIterator.TimeoutWarning,
            stacklevel=5,
        )

    def _ensure_pool(self):
        if self._pool is None:
            pool = _multiprocess_pool.WorkerPool(
                self.dataset,
                self.n_processes,
                self.batch_size,
                self.n_prefetch,
                self.shared_mem,
                self._maxtasksperchild,
            )
            # Stops the workers when the iterator is collected or at exit; it
            # must not refer to the iterator itself.
            self._pool_finalizer = weakref.finalize(self, pool.shutdown)
            self._pool = pool
        return self._pool

    def _drop_inflight(self):
        if self._pool is not None:
            for inflight in self._inflight:
                self._pool.drop(inflight.slot)
        self._inflight.clear()

    def _shutdown(self):
        self._inflight.clear()
        self._cursor.rewind()
        finalizer = self._pool_finalizer
        self._pool = None
        self._pool_finalizer = None
        if finalizer is not None:
            finalizer()

    def finalize(self):
        """Stops the worker processes and frees the shared memory.

        Batches being prefetched are discarded; the position stays after the
        last returned batch. Calling it again does nothing, and the iterator
        can still be used afterwards (it starts new workers).
        """
        self._shutdown()

    def __copy__(self):
        """A new iterator at the same position, without workers (they start on first use)."""
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other._cursor = self._cursor.clone()
        other._pool = None
        other._pool_finalizer = None
        other._inflight = collections.deque()
        return other

    # -- state -------------------------------------------------------------

    @property
    def batch_size(self):
        """int: Number of examples within each batch.

        It may be changed between batches; the workers are then restarted
        (the batches being prefetched were sized for the old value).
        """
        return self._cursor.batch_size

    @batch_size.setter
    def batch_size(self, value):
        value = _statemachine.check_batch_size(value)
        if value != self._cursor.batch_size:
            self._shutdown()
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

    def reset(self):
        """Goes back to the start of the first epoch, drawing a new order.

        Batches being prefetched are discarded.
        """
        self._drop_inflight()
        self._cursor.reset()

    def serialize(self, serializer):
        """Saves or restores the position, the order and the order sampler's state.

        Args:
            serializer (~chainer.AbstractSerializer): The serializer or
                deserializer.
        """
        if self._cursor.serialize(serializer):
            self._drop_inflight()

    def _worker_pids(self):
        """Process ids of the current worker processes (for tests and debugging)."""
        return [] if self._pool is None else self._pool.pids()
