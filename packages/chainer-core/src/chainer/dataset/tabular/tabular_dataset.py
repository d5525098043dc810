"""The tabular dataset abstraction: examples are rows of named columns."""

from __future__ import annotations

import numpy

from chainer import backend
from chainer.dataset import dataset_mixin

__all__ = ["TabularDataset"]


def _as_array(column):
    if isinstance(column, backend.get_array_types()):
        return column
    if len(column) and isinstance(column[0], backend.get_array_types()):
        first = column[0]
        xp = backend.get_array_module(first)
        with backend.get_device_from_array(first):
            return xp.stack(column)
    return numpy.asarray(column)


def _row_indices(index, n):
    # A slice, list or array of row indexes (or a boolean mask) as a list of ints.
    if isinstance(index, slice):
        return list(range(*index.indices(n)))
    index = numpy.asarray(index)
    if index.dtype == bool:
        if index.shape != (n,):
            raise ValueError(f"a boolean mask must have the dataset's length {n}, not {len(index)}")
        return numpy.flatnonzero(index).tolist()
    if index.size and index.dtype.kind not in "iu":
        raise TypeError(f"row indexes must be integers or booleans, not {index.dtype}")
    out = index.astype(numpy.int64).ravel()
    out = numpy.where(out < 0, out + n, out)
    bad = (out < 0) | (out >= n)
    if bad.any():
        raise IndexError(f"index {index.ravel()[bad][0]} is out of range for length {n}")
    return out.tolist()


class TabularDataset(dataset_mixin.DatasetMixin):
    """A dataset whose examples all have the same columns.

    Each example has one value per column; :attr:`keys` names the columns.
    :attr:`mode` says how an example is returned: a tuple ``(a[i], b[i],
    ...)`` (``tuple``), a dict ``{'a': a[i], 'b': b[i], ...}`` (``dict``),
    or, for a single column, the value ``a[i]`` alone (``None``).

    A subclass implements :meth:`__len__`, :attr:`keys`, :attr:`mode` and
    :meth:`get_examples`, which returns several rows of several columns at
    once. Everything else is built on these: views that select rows and
    columns without loading anything (:attr:`slice`), column-major
    :meth:`fetch`, :meth:`concat` and :meth:`join`, :meth:`transform` and
    :meth:`transform_batch`, and :meth:`astuple` / :meth:`asdict`. Build
    one from lists, arrays and callables with
    :func:`chainer.dataset.tabular.from_data`.

    Example::

        >>> from chainer.dataset import tabular
        >>> ds = tabular.from_data((('a', [0, 1, 2]), ('b', [3, 4, 5])))
        >>> ds.keys
        ('a', 'b')
        >>> ds[1]
        (1, 4)
        >>> ds.slice[[2, 0], 'b'].fetch()
        [5, 3]
    """

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement __len__")

    @property
    def keys(self):
        """tuple of str: the names of the columns."""
        raise NotImplementedError(f"{type(self).__name__} does not implement keys")

    @property
    def mode(self):
        """How examples are represented: ``tuple``, ``dict`` or None (one column, bare)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement mode")

    def get_examples(self, indices, key_indices):
        """Returns some rows of some columns, column-major.

        Args:
            indices (list of ints or slice): the rows, or None for all.
            key_indices (tuple of ints): the columns (positions in
                :attr:`keys`), or None for all.

        Returns:
            tuple: one list or array per requested column.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement get_examples")

    @property
    def slice(self):
        """A lazy view of some rows and columns: ``slice[rows]`` or ``slice[rows, keys]``.

        ``rows`` is a slice, a list or array of ints, or a boolean mask;
        ``keys`` is a tuple of column names or positions (the view keeps
        the dataset's mode) or a single name or position (the view has mode
        None). Nothing is read until the view is indexed or fetched.
        """
        from chainer.dataset.tabular import _views

        return _views._SliceHelper(self)

    def fetch(self):
        """Returns all the data, column-major.

        Returns:
            A tuple of lists/arrays (mode ``tuple``), a dict of them (mode
            ``dict``), or one list/array (mode None).
        """
        return self._pack(self.get_examples(None, None))

    def _pack(self, columns):
        mode = self.mode
        if mode is tuple:
            return tuple(columns)
        if mode is dict:
            return dict(zip(self.keys, columns))
        return columns[0]

    def convert(self, data):
        """Converts data from :meth:`fetch` for a model: each column becomes an array.

        :meth:`with_converter` replaces this conversion; views, joins and
        concatenations use the converter of their (first) base dataset.

        Args:
            data: what :meth:`fetch` returned.
        """
        if isinstance(data, tuple):
            return tuple(_as_array(column) for column in data)
        if isinstance(data, dict):
            return {key: _as_array(column) for key, column in data.items()}
        return _as_array(data)

    def astuple(self):
        """Returns a view of this dataset in mode ``tuple``."""
        from chainer.dataset.tabular import _views

        return _views._AsMode(self, tuple)

    def asdict(self):
        """Returns a view of this dataset in mode ``dict``."""
        from chainer.dataset.tabular import _views

        return _views._AsMode(self, dict)

    def concat(self, *datasets):
        """Stacks datasets with the same :attr:`keys` along the rows.

        Args:
            *datasets (TabularDataset): the datasets to append.

        Returns:
            TabularDataset: the rows of this dataset, then those of each
            of ``datasets``.
        """
        from chainer.dataset.tabular import _views

        return _views._Concat(self, *datasets)

    def join(self, *datasets):
        """Puts datasets of the same length side by side (their columns concatenated).

        Args:
            *datasets (TabularDataset): the datasets to join; their keys
                must differ from each other's and from this dataset's.

        Returns:
            TabularDataset: the columns of this dataset, then those of each
            of ``datasets``.
        """
        from chainer.dataset.tabular import _views

        return _views._Join(self, *datasets)

    def transform(self, keys, transform):
        """Applies a function to each example, lazily.

        Args:
            keys (str or tuple of str): the names of the output columns.
            transform (callable): receives the columns of one example as
                positional arguments (mode ``tuple`` or None) or keyword
                arguments (mode ``dict``) and returns a tuple, a dict or a
                single value, which sets the mode of the result.

        Returns:
            TabularDataset: the transformed dataset.
        """
        from chainer.dataset.tabular import _views

        return _views._Transform(self, keys, transform)

    def transform_batch(self, keys, transform_batch):
        """Applies a function to batches of examples, lazily.

        Args:
            keys (str or tuple of str): the names of the output columns.
            transform_batch (callable): receives whole columns (lists or
                arrays) like :meth:`transform` receives values, and returns
                columns of the same length as a tuple, a dict or one
                column.

        Returns:
            TabularDataset: the transformed dataset.
        """
        from chainer.dataset.tabular import _views

        return _views._TransformBatch(self, keys, transform_batch)

    def with_converter(self, converter):
        """Returns a view whose :meth:`convert` calls ``converter``.

        Args:
            converter (callable): takes the columns of :meth:`fetch` as
                positional arguments (mode ``tuple``), keyword arguments
                (mode ``dict``) or one argument (mode None).
        """
        from chainer.dataset.tabular import _views

        return _views._WithConverter(self, converter)

    def get_example(self, i):
        """Returns the ``i``-th example in this dataset's mode."""
        n = len(self)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError(f"dataset index {i} out of range for length {n}")
        columns = self.get_examples([j], None)
        return self._pack([column[0] for column in columns])

    def __getitem__(self, index):
        """One example for an int; a list of examples for a slice, a list or an array.

        Batches are read with one :meth:`get_examples` call.
        """
        if isinstance(index, (slice, list, numpy.ndarray)):
            rows = _row_indices(index, len(self))
            columns = self.get_examples(rows, None)
            return [self._pack([column[k] for column in columns]) for k in range(len(rows))]
        return self.get_example(index)

    def __iter__(self):
        return (self.get_example(i) for i in range(len(self)))
