"""The main-process side of MultiprocessIterator: workers, slots and their messages.

The pool owns ``n_slots`` shared-memory segments (one per batch in flight)
and ``n_workers`` worker processes, each with a private pair of pipes. All the
waiting happens in :meth:`WorkerPool.wait` and :meth:`WorkerPool.wait_free_slot`,
which watch the result pipes *and* the process sentinels: a worker that dies
(killed, segfault, out of memory) is noticed at once and reported as an
error instead of leaving the main process waiting forever.

Nothing here runs in a background thread: tasks are sent when the iterator
asks for a batch, and the workers fill the prefetched slots while the caller
trains on the previous batch.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import warnings
from multiprocessing import connection, shared_memory

import numpy

from chainer.iterators import _multiprocess_worker as worker_module

_JOIN_SECONDS = 2.0
_DRAIN_SECONDS = 1.0
_GROWTH = 1.25  # headroom when the automatic per-example region grows


class WorkerError(RuntimeError):
    """A worker process of a MultiprocessIterator ended unexpectedly."""


class _RemoteTraceback(Exception):
    def __init__(self, text):
        super().__init__(text)
        self.text = text

    def __str__(self):
        return self.text


class _Slot:
    __slots__ = (
        "index",
        "shm",
        "capacity",
        "token",
        "length",
        "remaining",
        "payloads",
        "error",
        "stale",
        "busy",
    )

    def __init__(self, index):
        self.index = index
        self.shm = None
        self.capacity = 0  # bytes of the region of each example
        self.token = -1
        self.length = 0
        self.remaining = 0  # task messages not answered yet
        self.payloads = None
        self.error = None
        self.stale = False  # its batch was dropped; results are discarded
        self.busy = False

    def indices(self):
        header = numpy.ndarray((self.length,), numpy.int64, buffer=self.shm.buf)
        values = header.copy()
        del header
        return values


class _Worker:
    __slots__ = ("process", "task_conn", "result_conn", "rank", "n_tasks", "pending", "retiring")

    def __init__(self, process, task_conn, result_conn, rank):
        self.process = process
        self.task_conn = task_conn
        self.result_conn = result_conn
        self.rank = rank
        self.n_tasks = 0
        self.pending = []  # (slot index, token, start, step) in the order sent
        self.retiring = False


def _describe_exit(exitcode):
    if exitcode is None:
        return "is still running"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = {
            "SIGKILL": " (for example by the kernel's out-of-memory killer)",
            "SIGSEGV": " (a crash in native code called by the dataset)",
            "SIGBUS": (
                " (often /dev/shm is full: give the container more shared memory, "
                "e.g. docker --shm-size, or pass a smaller shared_mem)"
            ),
        }.get(name, "")
        return f"was killed by {name}{hint}"
    return f"exited with code {exitcode}"


class WorkerPool:
    """Worker processes and shared-memory slots of one MultiprocessIterator.

    Args:
        dataset: The dataset the workers read.
        n_workers (int): Number of worker processes.
        batch_size (int): Largest number of examples in a batch.
        n_slots (int): Number of batches that can be in flight at once.
        shared_mem (int or None): Bytes of shared memory per example;
            ``None`` sizes the regions from the examples seen so far.
        maxtasksperchild (int or None): Tasks (shares of one batch) a worker
            process handles before it is replaced by a fresh one.
    """

    def __init__(self, dataset, n_workers, batch_size, n_slots, shared_mem, maxtasksperchild):
        self._dataset = dataset
        self._n_workers = n_workers
        self._batch_size = batch_size
        self._auto = shared_mem is None
        self._capacity = 0 if shared_mem is None else int(shared_mem)
        self._maxtasksperchild = maxtasksperchild
        self._context = _context()
        self._slots = [_Slot(i) for i in range(n_slots)]
        self._workers = [None] * n_workers  # the current process of each rank
        self._retiring = []  # replaced processes finishing their last tasks
        self._next_token = 0
        self._warned_small = False
        self._shm_failed = False
        self._closed = False
        self._owner = os.getpid()

    # -- public ------------------------------------------------------------

    def pids(self):
        """Process ids of the live workers (current and retiring)."""
        return [w.process.pid for w in self._all_workers()]

    def free_slot(self):
        for slot in self._slots:
            if not slot.busy:
                return slot
        return None

    def dispatch(self, slot, indices):
        """Sends the loading of ``indices`` (one batch) into ``slot`` to the workers."""
        length = len(indices)
        self._prepare_segment(slot)
        header = numpy.ndarray((length,), numpy.int64, buffer=slot.shm.buf)
        header[...] = indices
        del header
        slot.token = self._next_token
        self._next_token += 1
        slot.length = length
        slot.payloads = [None] * length
        slot.error = None
        slot.stale = False
        slot.busy = True
        n_parts = min(self._n_workers, length)
        slot.remaining = 0
        for rank in range(n_parts):
            worker = self._worker(rank)
            message = (
                "task",
                slot.index,
                slot.token,
                slot.shm.name,
                self._batch_size,
                slot.capacity,
                rank,
                n_parts,
                length,
            )
            try:
                worker.task_conn.send(message)
            except OSError:
                # The worker is gone: report how it ended.
                self._on_exit(worker)
                raise WorkerError(
                    f"MultiprocessIterator could not send a task to worker {worker.process.pid}"
                ) from None
            worker.pending.append((slot.index, slot.token, rank, n_parts))
            slot.remaining += 1
            worker.n_tasks += 1
            if self._maxtasksperchild is not None and worker.n_tasks >= self._maxtasksperchild:
                self._retire(worker)

    def drop(self, slot):
        """Discards the batch of a busy slot; the slot frees itself when the workers are done."""
        if slot.busy:
            slot.stale = True
            slot.payloads = None
            slot.error = None
            if slot.remaining == 0:
                slot.busy = False

    def wait(self, slot, timeout_warning):
        """Waits until every example of ``slot`` is loaded.

        Args:
            slot: The slot to wait for.
            timeout_warning (tuple): ``(seconds, warn)``: ``warn()`` is called
                once if the batch is not ready after ``seconds`` (``None``
                seconds never warns).
        """
        seconds, warn = timeout_warning
        deadline = None if seconds is None else time.monotonic() + seconds
        while slot.remaining > 0:
            timeout = None
            if deadline is not None:
                timeout = deadline - time.monotonic()
                if timeout <= 0:
                    warn()
                    deadline = None
                    timeout = None
            self._pump(timeout)

    def wait_free_slot(self):
        """Waits until a slot whose batch was dropped has been released."""
        while self.free_slot() is None:
            self._pump(None)

    def take(self, slot):
        """Unpacks the loaded batch of ``slot`` and frees the slot.

        Returns:
            tuple: ``(batch, error)``; ``error`` is the exception a worker
            raised while reading the dataset (with the worker's traceback
            as its ``__cause__``), or ``None``.
        """
        assert slot.remaining == 0 and not slot.stale
        try:
            if slot.error is not None:
                position, index, exc, text = slot.error
                exc.__cause__ = _RemoteTraceback(
                    f"\n\nThe dataset raised this in a worker process while loading "
                    f"index {index}:\n\n{text}"
                )
                return None, exc
            buf = slot.shm.buf
            batch = [worker_module.Unpacker(payload, buf).load() for payload in slot.payloads]
            del buf
            return batch, None
        finally:
            slot.payloads = None
            slot.error = None
            slot.busy = False

    def shutdown(self):
        """Stops every worker and releases the shared memory; safe to call twice."""
        if self._closed or os.getpid() != self._owner:
            return
        self._closed = True
        workers = list(self._all_workers())
        self._workers = [None] * self._n_workers
        self._retiring = []
        for w in workers:
            try:
                if w.process.is_alive():
                    w.process.terminate()
            except (OSError, ValueError):
                pass
        for w in workers:
            self._reap(w)
        for slot in self._slots:
            self._release_segment(slot)
            slot.busy = False

    # -- workers -----------------------------------------------------------

    def _all_workers(self):
        for w in self._workers:
            if w is not None:
                yield w
        yield from self._retiring

    def _worker(self, rank):
        worker = self._workers[rank]
        if worker is None:
            worker = self._start_worker(rank)
            self._workers[rank] = worker
        return worker

    def _start_worker(self, rank):
        ctx = self._context
        task_recv, task_send = ctx.Pipe(duplex=False)
        result_recv, result_send = ctx.Pipe(duplex=False)
        fds_to_close = []
        if ctx.get_start_method() == "fork":
            # A forked child inherits every pipe end the parent holds; it
            # closes those it does not use so that their other ends see EOF
            # when their owner dies.
            for w in self._all_workers():
                fds_to_close += [w.task_conn.fileno(), w.result_conn.fileno()]
            fds_to_close += [task_send.fileno(), result_recv.fileno()]
        process = ctx.Process(
            target=worker_module.worker_main,
            args=(self._dataset, task_recv, result_send, fds_to_close, os.getpid()),
            name=f"MultiprocessIterator-worker-{rank}",
            daemon=True,
        )
        try:
            process.start()
        except Exception as exc:
            for conn in (task_recv, task_send, result_recv, result_send):
                conn.close()
            raise WorkerError(
                f"MultiprocessIterator could not start a worker process with the "
                f"{ctx.get_start_method()!r} start method: {exc}. With 'spawn' or "
                "'forkserver' the dataset is pickled to each worker, so it must be picklable."
            ) from exc
        task_recv.close()
        result_send.close()
        return _Worker(process, task_send, result_recv, rank)

    def _retire(self, worker):
        worker.retiring = True
        self._workers[worker.rank] = None
        self._retiring.append(worker)
        try:
            worker.task_conn.send(("stop",))
        except OSError:
            pass  # it died already; the sentinel reports it

    def _reap(self, worker):
        process = worker.process
        process.join(_JOIN_SECONDS)
        if process.is_alive():
            process.kill()
            process.join(_JOIN_SECONDS)  # a process in uninterruptible sleep is left to die
        for conn in (worker.task_conn, worker.result_conn):
            try:
                conn.close()
            except OSError:
                pass
        try:
            process.close()
        except ValueError:
            pass

    # -- messages ----------------------------------------------------------

    def _pump(self, timeout):
        """Waits up to ``timeout`` seconds for messages and handles them."""
        by_conn = {}
        by_sentinel = {}
        for w in self._all_workers():
            by_conn[w.result_conn] = w
            by_sentinel[w.process.sentinel] = w
        if not by_conn:
            raise WorkerError("MultiprocessIterator has batches in flight but no worker processes")
        ready = connection.wait(list(by_conn) + list(by_sentinel), timeout)
        exited = []
        for obj in ready:
            worker = by_conn.get(obj)
            if worker is not None:
                if not self._drain(worker, 0):
                    exited.append(worker)
            elif obj in by_sentinel:
                exited.append(by_sentinel[obj])
        for worker in dict.fromkeys(exited):
            self._on_exit(worker)

    def _drain(self, worker, timeout):
        """Handles the messages ``worker`` has sent; ``False`` at end of file."""
        conn = worker.result_conn
        try:
            while conn.poll(timeout):
                self._handle(worker, conn.recv())
                timeout = 0
        except (EOFError, OSError):
            return False
        return True

    def _handle(self, worker, message):
        _, slot_index, token, results, needed, error = message
        expected = worker.pending.pop(0)
        assert expected[:2] == (slot_index, token), (expected, slot_index, token)
        slot = self._slots[slot_index]
        slot.remaining -= 1
        self._note_needed(needed)
        if not slot.stale:
            for position, payload in results:
                slot.payloads[position] = payload
            if error is not None and (slot.error is None or error[0] < slot.error[0]):
                slot.error = error
        if slot.remaining == 0 and slot.stale:
            slot.busy = False

    def _on_exit(self, worker):
        if worker not in self._retiring and self._workers[worker.rank] is not worker:
            return  # handled already
        # Results sent just before the process ended are still in the pipe.
        self._drain(worker, _DRAIN_SECONDS if worker.pending else 0)
        worker.process.join(_JOIN_SECONDS)
        exitcode = worker.process.exitcode
        if worker in self._retiring:
            self._retiring.remove(worker)
        else:
            self._workers[worker.rank] = None
        pending = list(worker.pending)
        pid = worker.process.pid
        self._reap(worker)
        if worker.retiring and not pending and exitcode == 0:
            return  # a replaced worker finished its last task
        raise WorkerError(self._death_message(pid, exitcode, pending))

    def _death_message(self, pid, exitcode, pending):
        message = f"A worker process (pid {pid}) of MultiprocessIterator {_describe_exit(exitcode)}"
        if pending:
            slot_index, _, start, step = pending[0]
            slot = self._slots[slot_index]
            indices = slot.indices()[start::step].tolist()
            shown = ", ".join(map(str, indices[:8]))
            more = f" and {len(indices) - 8} more" if len(indices) > 8 else ""
            message += f" while loading dataset indices [{shown}{more}]"
        message += (
            ". The iterator stopped its other workers; the batch was not returned and "
            "the next call starts new workers from the same position."
        )
        return message

    # -- shared memory -----------------------------------------------------

    def _note_needed(self, needed):
        if self._auto:
            if needed > self._capacity:
                grown = int(self._capacity * _GROWTH)
                self._capacity = worker_module.round_up(max(needed, grown), 64)
        elif 0 < self._capacity < needed and not self._warned_small:
            self._warned_small = True
            warnings.warn(
                f"MultiprocessIterator: shared_mem={self._capacity} bytes is smaller than an "
                f"example needs ({needed} bytes); the arrays that do not fit are sent through "
                f"a pipe, which is slower. Pass shared_mem>={needed}, or None to size it "
                "automatically.",
                UserWarning,
                stacklevel=8,
            )

    def _prepare_segment(self, slot):
        capacity = 0 if self._shm_failed else self._capacity
        if slot.shm is not None and slot.capacity >= capacity:
            return
        self._release_segment(slot)
        size = worker_module.header_size(self._batch_size) + self._batch_size * capacity
        try:
            slot.shm = _create_segment(size)
        except OSError as exc:
            if capacity == 0:
                raise
            # Not enough shared memory: fall back to sending arrays by pipe.
            self._shm_failed = True
            warnings.warn(
                f"MultiprocessIterator could not allocate {size} bytes of shared memory "
                f"({exc}); examples are sent through pipes instead, which is slower.",
                UserWarning,
                stacklevel=6,
            )
            capacity = 0
            slot.shm = _create_segment(worker_module.header_size(self._batch_size))
        slot.capacity = capacity

    def _release_segment(self, slot):
        shm = slot.shm
        slot.shm = None
        slot.capacity = 0
        if shm is None:
            return
        try:
            shm.close()
        except BufferError:
            pass
        try:
            shm.unlink()
        except FileNotFoundError:
            pass


def _context():
    """The multiprocessing context of new pools: the default start method."""
    return multiprocessing.get_context()


def _create_segment(size):
    shm = shared_memory.SharedMemory(create=True, size=max(size, 1))
    fd = getattr(shm, "_fd", -1)
    if fd >= 0 and hasattr(os, "posix_fallocate"):
        # Reserve the pages now: a full /dev/shm is an OSError here rather
        # than a SIGBUS in a worker later.
        try:
            os.posix_fallocate(fd, 0, size)
        except OSError:
            shm.close()
            shm.unlink()
            raise
    return shm
