"""The worker-process side of MultiprocessIterator, and the shared-memory packing.

A worker reads tasks from its own pipe. A task names a *slot*: a shared
memory segment holding the dataset indices of one batch (the header) and one
fixed-size region per example. The worker loads its share of the batch
(positions ``start, start + step, ...``), writes the NumPy arrays of each
example into the example's region and sends back, per example, a pickle of
the example in which those arrays are replaced by references to the region.
Arrays that do not fit (and everything else) travel inside the pickle.

Only the code of this module runs in the workers.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import traceback
from multiprocessing import shared_memory

import numpy

ALIGN = 16  # every array in an example's region starts at a multiple of this
HEADER_ITEMSIZE = 8  # the header is an int64 array of dataset indices
ORPHAN_CHECK_SECONDS = 1.0


def round_up(n, multiple):
    return -(-n // multiple) * multiple


def header_size(batch_size):
    """Bytes taken by the index header of a slot, rounded to keep regions aligned."""
    return round_up(batch_size * HEADER_ITEMSIZE, 64)


_ARRAY_TYPES = (numpy.ndarray, numpy.memmap)
_SCALAR_TYPES = frozenset(numpy.dtype(code).type for code in "?bBhHiIlLqQefdgFDG")


class _Packer(pickle.Pickler):
    """Pickles examples, moving their arrays into shared-memory regions.

    One packer serves all the examples of a task; :meth:`pack` pickles one
    example into its own region.
    """

    def __init__(self, buf, capacity):
        self._stream = io.BytesIO()
        super().__init__(self._stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._buf = buf if capacity > 0 else None
        self._capacity = capacity
        self._offset = 0
        self._used = 0
        self._needed = 0

    def pack(self, example, offset):
        """Pickles ``example`` with its arrays moved to ``buf[offset:offset + capacity]``.

        Returns:
            tuple: ``(payload, needed)``: the pickle bytes, and the region
            size (bytes) the example's arrays would need to all fit in
            shared memory.
        """
        self._offset = offset
        self._used = 0
        self._needed = 0
        stream = self._stream
        stream.seek(0)
        stream.truncate()
        self.clear_memo()
        self.dump(example)
        return stream.getvalue(), self._needed

    # Persistent ids are strings (arrays) or bytes (scalars): the pickler
    # saves them without calling persistent_id again for their parts.

    def persistent_id(self, obj):
        kind = type(obj)
        if kind in _SCALAR_TYPES:
            # NumPy scalars pickle slowly; their dtype and bytes are enough.
            code = obj.dtype.str.encode("ascii")
            return bytes((len(code),)) + code + obj.tobytes()
        if kind not in _ARRAY_TYPES:
            return None
        dtype = obj.dtype
        if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
            return None  # object and structured arrays are pickled inline
        size = round_up(obj.nbytes, ALIGN)
        self._needed += size
        if self._buf is None or self._used + obj.nbytes > self._capacity:
            return None  # pickled inline
        offset = self._offset + self._used
        if obj.size:
            target = numpy.ndarray(obj.shape, dtype, buffer=self._buf, offset=offset)
            target[...] = obj
            del target
        self._used += size
        return f"{offset} {dtype.str} {','.join(map(str, obj.shape))}"


class Unpacker(pickle.Unpickler):
    """Rebuilds an example packed by a worker, copying its arrays out of shared memory."""

    def __init__(self, data, buf):
        super().__init__(io.BytesIO(data))
        self._buf = buf

    def persistent_load(self, pid):
        if type(pid) is bytes:
            n = pid[0]
            return numpy.frombuffer(pid, pid[1 : 1 + n].decode("ascii"), 1, 1 + n)[0]
        offset, dtype, shape = pid.split(" ")
        shape = tuple(map(int, shape.split(","))) if shape else ()
        count = 1
        for extent in shape:
            count *= extent
        if count == 0:
            return numpy.empty(shape, dtype)
        view = numpy.frombuffer(self._buf, dtype, count, int(offset))
        array = view.reshape(shape).copy()
        del view
        return array


def pack(example, buf, offset, capacity):
    """Pickles one example; see :meth:`_Packer.pack`."""
    return _Packer(buf, capacity).pack(example, offset)


def _portable_exception(exc):
    """The exception itself if it can be pickled, else a RuntimeError describing it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}")
    return exc


def _next_task(conn, parent_pid):
    """Waits for the next message; ``None`` when the parent is gone.

    The task pipe reports end-of-file when the main process dies; as a
    second line of defence (another process may hold a copy of the pipe),
    the worker also exits when it is re-parented. ``parent_pid`` is the
    process the worker started under: the main process with ``fork`` and
    ``spawn``, the fork server with ``forkserver`` (which exits with the
    main process).
    """
    while True:
        try:
            if conn.poll(ORPHAN_CHECK_SECONDS):
                return conn.recv()
        except (EOFError, OSError):
            return None
        if os.getppid() != parent_pid:
            return None


def worker_main(dataset, task_conn, result_conn, fds_to_close, main_pid):
    """Entry point of a worker process.

    Args:
        dataset: The dataset (inherited with ``fork``, unpickled otherwise).
        task_conn: Receiving end of the task pipe.
        result_conn: Sending end of the result pipe.
        fds_to_close: File descriptors inherited from the parent through
            ``fork`` that belong to other pipes; closing them lets the other
            ends see end-of-file when their owner dies.
        main_pid (int): The main process.
    """
    parent_pid = os.getppid()
    if fds_to_close and parent_pid != main_pid:
        return  # forked from a main process that has died already
    # Ctrl-C in a terminal signals the whole process group: the main process
    # handles it and shuts the workers down. SIGTERM (terminate) must stop
    # the worker even if the main process installed a handler for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in fds_to_close:
        try:
            os.close(fd)
        except OSError:
            pass
    segments = {}  # slot -> SharedMemory
    try:
        while True:
            message = _next_task(task_conn, parent_pid)
            if message is None or message[0] == "stop":
                break
            _run_task(dataset, message, segments, result_conn)
    except (BrokenPipeError, EOFError, ConnectionResetError):
        pass  # the main process went away
    finally:
        for shm in segments.values():
            try:
                shm.close()
            except BufferError:
                pass


def _attach(segments, slot, name):
    shm = segments.get(slot)
    if shm is not None and shm.name.lstrip("/") == name.lstrip("/"):
        return shm
    if shm is not None:
        segments.pop(slot).close()
    shm = shared_memory.SharedMemory(name=name)
    segments[slot] = shm
    return shm


def _run_task(dataset, message, segments, result_conn):
    _, slot, token, name, batch_size, capacity, start, step, length = message
    shm = _attach(segments, slot, name)
    buf = shm.buf
    header = numpy.ndarray((length,), numpy.int64, buffer=buf)
    indices = header[start:length:step].tolist()
    del header
    data_offset = header_size(batch_size)
    packer = _Packer(buf, capacity)
    results = []
    needed = 0
    error = None
    for position, index in zip(range(start, length, step), indices):
        try:
            example = dataset[index]
            payload, example_needed = packer.pack(example, data_offset + position * capacity)
        except Exception as exc:
            error = (position, index, _portable_exception(exc), traceback.format_exc())
            break
        results.append((position, payload))
        needed = max(needed, example_needed)
    del packer
    del buf
    result_conn.send(("done", slot, token, results, needed, error))
