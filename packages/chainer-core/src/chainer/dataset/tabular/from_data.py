"""Building a TabularDataset from lists, arrays and callables."""

from __future__ import annotations

import numpy

from chainer import backend
from chainer.dataset.tabular.tabular_dataset import TabularDataset

__all__ = ["from_data"]


def _is_column(x):
    return isinstance(x, (list, numpy.ndarray, *backend.get_array_types()))


class _Source:
    # One column (array or list), or several columns computed by one callable.

    def __init__(self, keys, data):
        self.keys = keys
        self.data = data

    def length(self):
        return len(self.data) if _is_column(self.data) else None

    def read(self, rows, wanted, n):
        # Returns {local key index: column} for the ``wanted`` local key indexes.
        if rows is None:
            rows = range(n)
        elif isinstance(rows, slice):
            rows = range(*rows.indices(n))
        data = self.data
        if _is_column(data):
            if isinstance(data, list):
                return {0: [data[i] for i in rows]}
            xp = backend.get_array_module(data)
            index = numpy.asarray(list(rows), dtype=numpy.int64)
            return {0: data[index if xp is numpy else xp.asarray(index)]}
        out = {k: [] for k in wanted}
        for i in rows:
            value = data(i)
            if len(self.keys) == 1 and not isinstance(value, (tuple, dict)):
                value = (value,)
            for k in wanted:
                if isinstance(value, dict):
                    out[k].append(value[self.keys[k]])
                else:
                    out[k].append(value[k])
        return out


def _parse_entry(entry, position):
    # (str, column/callable), ((str, ...), callable), or a bare column.
    if _is_column(entry):
        return _Source((f"_{position}",), entry)
    if isinstance(entry, tuple) and len(entry) == 2:
        keys, data = entry
        if isinstance(keys, str) and (_is_column(data) or callable(data)):
            return _Source((keys,), data)
        if isinstance(keys, tuple) and all(isinstance(k, str) for k in keys) and callable(data):
            return _Source(keys, data)
    raise TypeError(
        f"cannot make columns from {entry!r}: expected a list/array, (key, list/array/callable) "
        "or ((key, ...), callable)"
    )


class _FromData(TabularDataset):
    def __init__(self, sources, mode, size):
        self._sources = sources
        self._mode = mode
        self._columns = [(s, k) for s in sources for k in range(len(s.keys))]
        self._keys = tuple(s.keys[k] for s, k in self._columns)
        duplicates = sorted({k for k in self._keys if self._keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"repeated keys: {duplicates}")
        lengths = {s.length() for s in sources} - {None}
        if size is not None:
            lengths.add(int(size))
        if not lengths:
            raise ValueError("size is required when the data has no list or array")
        if len(lengths) > 1:
            raise ValueError(f"the columns have different lengths: {sorted(lengths)}")
        self._len = lengths.pop()

    def __len__(self):
        return self._len

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._columns))
        wanted = {}
        for c in key_indices:
            source, k = self._columns[c]
            wanted.setdefault(id(source), (source, []))[1].append(k)
        read = {}
        for source, ks in wanted.values():
            for k, column in source.read(indices, ks, self._len).items():
                read[id(source), k] = column
        return tuple(read[id(self._columns[c][0]), self._columns[c][1]] for c in key_indices)


def from_data(data, *, size=None):
    """Creates a :class:`~chainer.dataset.TabularDataset` from lists, arrays and callables.

    ``data`` takes one of these forms:

    * a list or array: one column named ``'_0'``, mode None;
    * ``(key, list/array/callable)``: one named column, mode None;
    * ``((key, ...), callable)``: several columns from one callable, which
      returns a tuple or a dict per row; mode None for one key, else tuple;
    * a tuple of the above: their columns in order (unnamed columns are
      ``'_<position>'``), mode ``tuple``;
    * a dict ``{key: list/array/callable, (key, ...): callable}``: mode
      ``dict``.

    A callable is called with the row index and its results are not
    cached.

    Args:
        data: the columns (see above).
        size (int): the number of rows; required when no list or array
            gives it.

    Returns:
        TabularDataset: the dataset.

    Example::

        >>> from chainer.dataset import tabular
        >>> tabular.from_data(([0, 1, 2], [3, 4, 5]))[0]
        (0, 3)
        >>> tabular.from_data(('a', lambda i: i * i), size=10)[5]
        25
    """
    if isinstance(data, dict):
        sources = [_parse_entry((k, v), i) for i, (k, v) in enumerate(data.items())]
        return _FromData(sources, dict, size)
    if _is_column(data):
        return _FromData([_parse_entry(data, 0)], None, size)
    if isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], (str, tuple)):
        if isinstance(data[0], str) or all(isinstance(k, str) for k in data[0]):
            source = _parse_entry(data, 0)
            return _FromData([source], None if len(source.keys) == 1 else tuple, size)
    if isinstance(data, tuple):
        return _FromData([_parse_entry(e, i) for i, e in enumerate(data)], tuple, size)
    raise TypeError(f"from_data cannot use data of type {type(data).__name__}")
