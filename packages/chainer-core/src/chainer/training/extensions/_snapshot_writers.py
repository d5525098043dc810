"""Snapshot writers: how (and in which thread or process) a snapshot is saved.

A writer is called as ``writer(filename, outdir, target)`` by
:func:`~chainer.training.extensions.snapshot`. Every writer saves to a
temporary file in ``outdir`` and renames it to ``filename`` only when the
save is complete, so a file under the final name is never partial, even when
the process is killed while writing.

* :class:`SimpleWriter` saves in the calling thread.
* :class:`ThreadWriter` / :class:`ProcessWriter` save each snapshot in a new
  thread / process.
* :class:`ThreadQueueWriter` / :class:`ProcessQueueWriter` hand the snapshots
  to one worker thread / process through a queue.

The background writers first take a copy of the target's state in the
calling thread when ``savefun`` is :func:`~chainer.serializers.save_npz` (the
default), so that the training may go on changing the target while the file
is written. Any other ``savefun`` receives the target itself.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import uuid

import numpy

__all__ = [
    "ProcessQueueWriter",
    "ProcessWriter",
    "QueueWriter",
    "SimpleWriter",
    "StandardWriter",
    "ThreadQueueWriter",
    "ThreadWriter",
    "Writer",
]

#: Prefix of the temporary files; they are never taken for snapshots.
TEMP_PREFIX = ".tmp_snapshot_"


def _default_savefun():
    from chainer.serializers import save_npz

    return save_npz


def _freeze(target, savefun):
    """A copy of ``target``'s state that ``savefun`` can write later, if one can be taken."""
    from chainer.serializers import DictionarySerializer, save_npz

    if savefun is not save_npz or isinstance(target, dict):
        return target
    s = DictionarySerializer()
    s.save(target)
    return {key: numpy.array(value, copy=True) for key, value in s.target.items()}


def _save_atomically(filename, outdir, target, savefun, kwds, post_save=None):
    os.makedirs(outdir, exist_ok=True)
    dest = os.path.join(outdir, filename)
    tmp = os.path.join(outdir, f"{TEMP_PREFIX}{uuid.uuid4().hex}_{os.path.basename(filename)}")
    try:
        savefun(tmp, target, **kwds)
        # Flush the data to disk before it gets the final name.
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        try:
            fd = os.open(outdir, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            pass
        else:
            try:
                os.fsync(fd)
            except OSError:
                pass
            finally:
                os.close(fd)
    if post_save is not None:
        post_save()


class Writer:
    """Base class of snapshot writers.

    Subclasses implement :meth:`__call__`; :meth:`save` does the actual
    (atomic) save.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)`` writes the file;
            :func:`~chainer.serializers.save_npz` when None.
        fs: a file system object; only None (the local file system) is
            supported.
        **kwds: passed to ``savefun``.
    """

    def __init__(self, savefun=None, fs=None, **kwds):
        if fs is not None:
            raise ValueError(f"{type(self).__name__}: fs must be None (the local file system)")
        if savefun is not None and not callable(savefun):
            raise TypeError(f"{type(self).__name__}: savefun must be callable, not {savefun!r}")
        self._savefun = savefun
        self._kwds = kwds
        self._post_save = None

    @property
    def savefun(self):
        """callable: the function that writes a file."""
        return self._savefun if self._savefun is not None else _default_savefun()

    def __call__(self, filename, outdir, target):
        """Saves ``target`` as ``outdir/filename``.

        Args:
            filename (str): the file name.
            outdir (str): the output directory (created when missing).
            target: the object to save.
        """
        raise NotImplementedError

    def save(self, filename, outdir, target, savefun=None, **kwds):
        """Saves ``target`` to a temporary file and renames it ``outdir/filename``.

        Args:
            filename (str): the file name.
            outdir (str): the output directory (created when missing).
            target: the object to save.
            savefun (callable): overrides the writer's ``savefun``.
            **kwds: overrides the writer's keyword arguments of ``savefun``.
        """
        savefun = savefun if savefun is not None else self.savefun
        kw = dict(self._kwds)
        kw.update(kwds)
        _save_atomically(filename, outdir, target, savefun, kw, self._post_save)

    def initialize(self, outdir):
        """Called before the training starts (nothing by default).

        Args:
            outdir (str): the output directory.
        """

    def finalize(self):
        """Waits for the pending saves (nothing to wait for by default)."""


class SimpleWriter(Writer):
    """Writer that saves in the calling thread, before the training goes on.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        **kwds: passed to ``savefun``.
    """

    def __call__(self, filename, outdir, target):
        self.save(filename, outdir, target)


class StandardWriter(Writer):
    """Base class of writers that save each snapshot in a new worker.

    A new snapshot first waits for the previous worker to finish, so at most
    one save is in flight. Subclasses implement :meth:`create_worker`.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        **kwds: passed to ``savefun``.
    """

    def __init__(self, savefun=None, fs=None, **kwds):
        super().__init__(savefun=savefun, fs=fs, **kwds)
        self._worker = None
        self._started = False

    def __call__(self, filename, outdir, target):
        self._join()
        frozen = _freeze(target, self.savefun)
        self._worker = self.create_worker(filename, outdir, frozen)
        self._worker.start()
        self._started = True

    def create_worker(self, filename, outdir, target):
        """Returns a not yet started thread or process that saves ``target``.

        Args:
            filename (str): the file name.
            outdir (str): the output directory.
            target: the object (or copy of its state) to save.
        """
        raise NotImplementedError

    def _join(self):
        if self._started:
            self._worker.join()
            self._started = False
            code = getattr(self._worker, "exitcode", 0)
            error = getattr(self._worker, "error", None)
            self._worker = None
            if error is not None:
                raise RuntimeError(f"{type(self).__name__}: saving a snapshot failed") from error
            if code:
                raise RuntimeError(
                    f"{type(self).__name__}: the process saving a snapshot exited with code {code}"
                )

    def finalize(self):
        """Waits for the snapshot in flight.

        Raises:
            RuntimeError: when its save failed.
        """
        self._join()


class _SaveThread(threading.Thread):
    def __init__(self, writer, filename, outdir, target):
        super().__init__(daemon=False)
        self._args = writer, filename, outdir, target
        self.error = None

    def run(self):
        writer, filename, outdir, target = self._args
        try:
            writer.save(filename, outdir, target)
        except BaseException as e:  # reported by the next join
            self.error = e


class ThreadWriter(StandardWriter):
    """Writer that saves each snapshot in a new thread.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        **kwds: passed to ``savefun``.
    """

    def create_worker(self, filename, outdir, target):
        return _SaveThread(self, filename, outdir, target)


def _process_context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _save_in_process(writer, filename, outdir, target):
    writer.save(filename, outdir, target)


class ProcessWriter(StandardWriter):
    """Writer that saves each snapshot in a new process.

    The process is forked where the platform allows it (it then sees the
    state copied when the snapshot was taken); elsewhere the writer, the
    ``savefun`` and the state must be picklable.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        **kwds: passed to ``savefun``.
    """

    def create_worker(self, filename, outdir, target):
        ctx = _process_context()
        return ctx.Process(target=_save_in_process, args=(self, filename, outdir, target))


class QueueWriter(Writer):
    """Base class of writers with one worker that takes snapshots from a queue.

    The training only waits to copy the state; the worker writes the files
    one after another. :meth:`finalize` waits until the queue is empty.
    Subclasses implement :meth:`create_queue` and :meth:`create_consumer`.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        task (callable): ``task(filename, outdir, target)`` run by the
            worker for each snapshot; :meth:`save` when None.
        **kwds: passed to ``savefun``.
    """

    def __init__(self, savefun=None, fs=None, task=None, **kwds):
        super().__init__(savefun=savefun, fs=fs, **kwds)
        self._task = task if task is not None else self.save
        self._queue = None
        self._consumer = None
        self._errors = []

    def _ensure_started(self):
        if self._consumer is None:
            self._queue = self.create_queue()
            self._consumer = self.create_consumer(self._queue)
            self._consumer.start()

    def __call__(self, filename, outdir, target):
        self._raise_errors()
        self._ensure_started()
        self._queue.put((filename, outdir, _freeze(target, self.savefun)))

    def create_queue(self):
        """Returns the queue of pending snapshots."""
        raise NotImplementedError

    def create_consumer(self, q):
        """Returns a not yet started worker that runs the tasks of ``q`` until a None."""
        raise NotImplementedError

    def consume(self, q):
        """Runs the tasks of ``q`` until it gets None (the worker's loop).

        Args:
            q: the queue.
        """
        while True:
            item = q.get()
            if item is None:
                return
            filename, outdir, target = item
            try:
                self._task(filename, outdir, target)
            except BaseException as e:
                self._errors.append(e)

    def _raise_errors(self):
        if self._errors:
            error = self._errors.pop(0)
            self._errors.clear()
            raise RuntimeError(f"{type(self).__name__}: saving a snapshot failed") from error

    def finalize(self):
        """Waits until every queued snapshot is written.

        Raises:
            RuntimeError: when a save failed.
        """
        if self._consumer is not None:
            self._queue.put(None)
            self._consumer.join()
            self._consumer = None
            self._queue = None
        self._raise_errors()


class ThreadQueueWriter(QueueWriter):
    """Queue writer whose worker is a thread.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        task (callable): ``task(filename, outdir, target)`` per snapshot.
        **kwds: passed to ``savefun``.
    """

    def create_queue(self):
        return queue.Queue()

    def create_consumer(self, q):
        return threading.Thread(target=self.consume, args=(q,), daemon=False)


class ProcessQueueWriter(QueueWriter):
    """Queue writer whose worker is a (forked where possible) process.

    Errors of the worker are seen only as a non-zero exit code at
    :meth:`finalize`.

    Args:
        savefun (callable): ``savefun(path, target, **kwds)``;
            :func:`~chainer.serializers.save_npz` when None.
        fs: only None is supported.
        task (callable): ``task(filename, outdir, target)`` per snapshot.
        **kwds: passed to ``savefun``.
    """

    def create_queue(self):
        return _process_context().Queue()

    def create_consumer(self, q):
        return _process_context().Process(target=_consume_or_fail, args=(self, q))

    def finalize(self):
        consumer = self._consumer
        if consumer is not None:
            self._queue.put(None)
            consumer.join()
            self._consumer = None
            self._queue = None
            if consumer.exitcode:
                raise RuntimeError(
                    f"{type(self).__name__}: the worker exited with code {consumer.exitcode}"
                )


def _consume_or_fail(writer, q):
    writer.consume(q)
    if writer._errors:
        raise SystemExit(1)
