"""A dataset stored as a stream of pickles in one file, read on demand.

.. warning::

   Reading a pickle runs code chosen by whoever wrote the file. Open only
   files that you or someone you trust wrote: never a pickle dataset
   downloaded from an untrusted source.
"""

from __future__ import annotations

import os
import pickle
import pickletools
import threading

from chainer.dataset import dataset_mixin

__all__ = [
    "PickleDataset",
    "PickleDatasetWriter",
    "open_pickle_dataset",
    "open_pickle_dataset_writer",
]


class PickleDatasetWriter:
    """Writes examples to a file, one pickle each, for :class:`PickleDataset`.

    Args:
        writer: a binary file object opened for writing.
        protocol (int): the pickle protocol.

    Example::

        with chainer.datasets.open_pickle_dataset_writer('data.pkl') as w:
            for example in examples:
                w.write(example)
    """

    def __init__(self, writer, protocol=pickle.HIGHEST_PROTOCOL):
        self._writer = writer
        self._protocol = protocol

    def write(self, x):
        """Appends one example."""
        pickle.dump(x, self._writer, protocol=self._protocol)

    def flush(self):
        """Flushes the underlying file."""
        self._writer.flush()

    def close(self):
        """Closes the underlying file."""
        self._writer.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


class _PathReader:
    # A read-only binary file that each process (and each unpickled copy) reopens.

    def __init__(self, path):
        self._path = os.fspath(path)
        self._local = None

    @property
    def name(self):
        return self._path

    def _file(self):
        local = self._local
        if local is None or local[0] != os.getpid():
            local = (os.getpid(), open(self._path, "rb"))  # noqa: SIM115 - kept open
            self._local = local
        return local[1]

    def __getstate__(self):
        return {"_path": self._path, "_local": None}

    def seekable(self):
        return True

    def seek(self, *args):
        return self._file().seek(*args)

    def tell(self):
        return self._file().tell()

    def read(self, *args):
        return self._file().read(*args)

    def readline(self, *args):
        return self._file().readline(*args)

    def readinto(self, b):
        return self._file().readinto(b)

    def close(self):
        local, self._local = self._local, None
        if local is not None and local[0] == os.getpid():
            local[1].close()


def _record_starts(reader):
    # Walks the pickle opcodes (running no pickle code) to find where each record starts.
    starts = []
    reader.seek(0)
    while True:
        start = reader.tell()
        if not reader.read(1):
            return starts
        reader.seek(start)
        try:
            for _ in pickletools.genops(reader):
                pass
        except ValueError as e:
            raise ValueError(
                f"the pickle stream is corrupt or truncated in the record that starts at "
                f"byte {start}: {e}"
            ) from None
        starts.append(start)


class PickleDataset(dataset_mixin.DatasetMixin):
    """Dataset of the pickles stored one after another in a file.

    The constructor scans the file once for the start of each pickle (it
    parses the opcodes without unpickling anything); each access seeks to
    an example and unpickles it. Write such a file with
    :class:`PickleDatasetWriter`.

    .. warning::

       Unpickling runs code chosen by whoever wrote the file. Use this
       dataset only on files that you or someone you trust wrote.

    Args:
        reader: a seekable binary file object opened for reading. With
            :func:`open_pickle_dataset`, each process reopens the file, so
            the dataset works with multiprocess iterators.
    """

    def __init__(self, reader):
        seekable = getattr(reader, "seekable", None)
        if seekable is not None and not seekable():
            raise ValueError("reader must be seekable (support random access)")
        self._reader = reader
        self._lock = threading.Lock()
        self._positions = _record_starts(reader)

    def __getstate__(self):
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def close(self):
        """Closes the underlying file."""
        self._reader.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def __len__(self):
        return len(self._positions)

    def get_example(self, index):
        """Unpickles and returns the ``index``-th example."""
        position = self._positions[index]
        with self._lock:
            self._reader.seek(position)
            return pickle.load(self._reader)


def open_pickle_dataset(path):
    """Opens a file written by :class:`PickleDatasetWriter` as a :class:`PickleDataset`.

    .. warning::

       Unpickling runs code chosen by whoever wrote the file. Open only
       files that you or someone you trust wrote.

    Args:
        path (str): the file.

    Returns:
        PickleDataset: the dataset; each process that uses it reopens the
        file, so it works with multiprocess iterators.
    """
    return PickleDataset(_PathReader(path))


def open_pickle_dataset_writer(path, protocol=pickle.HIGHEST_PROTOCOL):
    """Creates (or truncates) a file and returns a :class:`PickleDatasetWriter` for it.

    Args:
        path (str): the file.
        protocol (int): the pickle protocol.

    Returns:
        PickleDatasetWriter: the writer; close it (or use it as a context
        manager) when done.
    """
    return PickleDatasetWriter(open(path, "wb"), protocol)  # noqa: SIM115 - the writer owns it
