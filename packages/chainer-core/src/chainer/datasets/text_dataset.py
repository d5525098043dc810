"""A dataset of the lines of text files, read on demand."""

from __future__ import annotations

import os
import threading

from chainer.dataset import dataset_mixin

__all__ = ["TextDataset"]


def _per_file(name, value, n):
    # One value per file: a list of n values, or one value for all.
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(f"{name} has {len(value)} entries but {n} paths were given")
        return list(value)
    return [value] * n


class TextDataset(dataset_mixin.DatasetMixin):
    """Dataset of the lines of one text file, or of parallel text files.

    The constructor reads the files once and records where each line starts;
    each access then seeks to the line and reads it, so random access is
    fast and the text is not held in memory. The lines are returned as read,
    with their line terminator. The dataset pickles with its line index
    (reopening the files where it is unpickled, and in each process), so the
    files must not change after it is built.

    Args:
        paths (str or list of str): one path, whose lines are returned as
            :class:`str`, or several paths with the same number of lines,
            whose ``i``-th lines are returned together as a tuple.
        encoding (str or list of str): the text encoding (see :func:`open`),
            one for all files or one per file.
        errors (str or list of str): how decoding errors are handled (see
            :func:`open`), one for all files or one per file.
        newline (str or list of str): how line endings are recognized (see
            :func:`open`), one for all files or one per file.
        filter_func (callable): keeps only the lines (or tuples of parallel
            lines) for which ``filter_func(line_0, line_1, ...)`` is true;
            it takes one argument per file.

    Raises:
        ValueError: when the files have different numbers of lines.
    """

    def __init__(self, paths, encoding=None, errors=None, newline=None, filter_func=None):
        self._single = isinstance(paths, (str, os.PathLike))
        paths = [paths] if self._single else list(paths)
        if not paths:
            raise ValueError("TextDataset needs at least one path")
        n = len(paths)
        self._paths = [os.fspath(p) for p in paths]
        self._options = [
            {"encoding": e, "errors": r, "newline": nl}
            for e, r, nl in zip(
                _per_file("encoding", encoding, n),
                _per_file("errors", errors, n),
                _per_file("newline", newline, n),
            )
        ]
        self._local = None
        self._bounds = self._index(filter_func)

    def _open(self, i):
        return open(self._paths[i], **self._options[i])  # noqa: SIM115 - kept open

    def _index(self, filter_func):
        files = [self._open(i) for i in range(len(self._paths))]
        try:
            bounds = []
            while True:
                positions = [f.tell() for f in files]
                lines = [f.readline() for f in files]
                ended = [line == "" for line in lines]
                if all(ended):
                    return bounds
                if any(ended):
                    short = self._paths[ended.index(True)]
                    raise ValueError(
                        f"the files have different numbers of lines: {short} ends before the others"
                    )
                if filter_func is None or filter_func(*lines):
                    bounds.append(tuple(positions))
        finally:
            for f in files:
                f.close()

    def _files(self):
        local = self._local
        if local is None or local[0] != os.getpid():
            files = [self._open(i) for i in range(len(self._paths))]
            local = (os.getpid(), files, threading.Lock())
            self._local = local
        return local[1], local[2]

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_local"] = None
        return state

    def __len__(self):
        return len(self._bounds)

    def get_example(self, idx):
        """Returns the ``idx``-th line (a tuple of lines for several files)."""
        n = len(self._bounds)
        if not -n <= idx < n:
            raise IndexError(f"dataset index {idx} out of range for length {n}")
        positions = self._bounds[idx]
        files, lock = self._files()
        with lock:
            lines = []
            for f, position in zip(files, positions):
                f.seek(position)
                lines.append(f.readline())
        return lines[0] if self._single else tuple(lines)

    def close(self):
        """Closes the files this process opened; a later access reopens them."""
        local, self._local = self._local, None
        if local is not None and local[0] == os.getpid():
            for f in local[1]:
                f.close()
