"""The views and combinations that TabularDataset's methods return."""

from __future__ import annotations

import numbers

import numpy

from chainer import backend
from chainer.dataset.tabular.tabular_dataset import TabularDataset, _row_indices


def _n_rows(indices, n):
    if indices is None:
        return n
    if isinstance(indices, slice):
        return len(range(*indices.indices(n)))
    return len(indices)


def _key_index(key, keys):
    if isinstance(key, numbers.Integral) and not isinstance(key, bool):
        k = int(key) + len(keys) if key < 0 else int(key)
        if not 0 <= k < len(keys):
            raise IndexError(f"column {key} is out of range for {len(keys)} columns")
        return k
    try:
        return keys.index(key)
    except ValueError:
        raise KeyError(f"no column named {key!r}; the columns are {keys}") from None


def _compose_rows(outer, inner, n_base):
    # Row indexes of the base dataset for rows ``inner`` of a view on rows ``outer``.
    if outer is None:
        return inner
    if inner is None:
        return outer
    if isinstance(outer, slice):
        start, _, step = outer.indices(n_base)
        if isinstance(inner, slice):
            inner = range(*inner.indices(_n_rows(outer, n_base)))
        return [start + step * i for i in inner]
    if isinstance(inner, slice):
        return outer[inner]
    return [outer[i] for i in inner]


def _compose_keys(outer, inner):
    if outer is None:
        return inner
    if inner is None:
        return outer
    return tuple(outer[k] for k in inner)


class _Slice(TabularDataset):
    def __init__(self, dataset, indices, keys):
        self._dataset = dataset
        n = len(dataset)
        if indices is None or isinstance(indices, slice):
            self._indices = indices
        else:
            self._indices = _row_indices(indices, n)
        self._unary = keys is not None and not isinstance(keys, (tuple, list))
        if keys is None:
            self._key_indices = None
        else:
            keys = (keys,) if self._unary else keys
            self._key_indices = tuple(_key_index(k, dataset.keys) for k in keys)

    def __len__(self):
        return _n_rows(self._indices, len(self._dataset))

    @property
    def keys(self):
        if self._key_indices is None:
            return self._dataset.keys
        return tuple(self._dataset.keys[k] for k in self._key_indices)

    @property
    def mode(self):
        return None if self._unary else self._dataset.mode

    def get_examples(self, indices, key_indices):
        rows = _compose_rows(self._indices, indices, len(self._dataset))
        return self._dataset.get_examples(rows, _compose_keys(self._key_indices, key_indices))

    def convert(self, data):
        return self._dataset.convert(data)


class _SliceHelper:
    def __init__(self, dataset):
        self._dataset = dataset

    def __getitem__(self, args):
        if isinstance(args, tuple):
            if len(args) != 2:
                raise IndexError("slice takes [rows] or [rows, keys]")
            indices, keys = args
        else:
            indices, keys = args, None
        return _Slice(self._dataset, indices, keys)


class _AsMode(TabularDataset):
    def __init__(self, dataset, mode):
        self._dataset = dataset
        self._mode = mode

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._dataset.keys

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        return self._dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self._dataset.convert(data)


def _merge_columns(parts, positions, n):
    # Puts the values of ``parts`` (pieces of one column) at ``positions``.
    arrays = backend.get_array_types()
    if parts and all(isinstance(p, arrays) for p in parts):
        xp = backend.get_array_module(parts[0])
        stacked = xp.concatenate(parts)
        order = numpy.argsort(numpy.concatenate(positions), kind="stable")
        return stacked[xp.asarray(order)] if xp is not numpy else stacked[order]
    out = [None] * n
    for part, where in zip(parts, positions):
        for value, k in zip(part, where):
            out[k] = value
    return out


class _Concat(TabularDataset):
    def __init__(self, *datasets):
        keys = datasets[0].keys
        for d in datasets[1:]:
            if d.keys != keys:
                raise ValueError(f"concat needs datasets with the same keys: {keys} vs {d.keys}")
        self._datasets = datasets
        self._starts = numpy.cumsum([0] + [len(d) for d in datasets])

    def __len__(self):
        return int(self._starts[-1])

    @property
    def keys(self):
        return self._datasets[0].keys

    @property
    def mode(self):
        return self._datasets[0].mode

    def get_examples(self, indices, key_indices):
        n = len(self)
        rows = numpy.asarray(range(n) if indices is None else _row_indices(indices, n), int)
        owner = numpy.searchsorted(self._starts, rows, side="right") - 1
        n_columns = len(self.keys) if key_indices is None else len(key_indices)
        parts = [[] for _ in range(n_columns)]
        positions = []
        for d, dataset in enumerate(self._datasets):
            where = numpy.flatnonzero(owner == d)
            if not len(where):
                continue
            local = (rows[where] - self._starts[d]).tolist()
            for column, values in zip(parts, dataset.get_examples(local, key_indices)):
                column.append(values)
            positions.append(where)
        return tuple(_merge_columns(column, positions, len(rows)) for column in parts)

    def convert(self, data):
        return self._datasets[0].convert(data)


class _Join(TabularDataset):
    def __init__(self, *datasets):
        n = len(datasets[0])
        for d in datasets[1:]:
            if len(d) != n:
                raise ValueError(f"join needs datasets of the same length: {n} vs {len(d)}")
        keys = tuple(k for d in datasets for k in d.keys)
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"join needs distinct keys; repeated: {duplicates}")
        self._datasets = datasets
        self._owner = [(d, k) for d, ds in enumerate(datasets) for k in range(len(ds.keys))]
        self._keys = keys

    def __len__(self):
        return len(self._datasets[0])

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        mode = self._datasets[0].mode
        return mode if mode is not None else tuple

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._keys))
        wanted = {}
        for k in key_indices:
            d, local = self._owner[k]
            wanted.setdefault(d, [])
            if local not in wanted[d]:
                wanted[d].append(local)
        fetched = {}
        for d, locals_ in wanted.items():
            columns = self._datasets[d].get_examples(indices, tuple(locals_))
            for local, column in zip(locals_, columns):
                fetched[d, local] = column
        return tuple(fetched[self._owner[k]] for k in key_indices)

    def convert(self, data):
        return self._datasets[0].convert(data)


def _call(func, dataset, values):
    if dataset.mode is dict:
        return func(**dict(zip(dataset.keys, values)))
    return func(*values)


class _TransformBase(TabularDataset):
    _name = ""

    def __init__(self, dataset, keys, func):
        self._dataset = dataset
        self._keys = keys if isinstance(keys, tuple) else (keys,)
        self._func = func
        self._mode = _UNKNOWN

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        if self._mode is _UNKNOWN:
            if len(self) == 0:
                raise ValueError(f"the mode of an empty {self._name} result is unknown")
            self.get_examples([0], None)
        return self._mode

    def _outputs(self, out):
        # The output columns in ``keys`` order; records the mode.
        if isinstance(out, tuple):
            mode, values = tuple, out
        elif isinstance(out, dict):
            mode = dict
            try:
                values = tuple(out[k] for k in self._keys)
            except KeyError as e:
                raise KeyError(f"{self._name} returned no value for the key {e}") from None
        else:
            mode, values = None, (out,)
        if self._mode is not _UNKNOWN and self._mode is not mode:
            raise ValueError(f"{self._name} must always return the same type")
        if len(values) != len(self._keys):
            raise ValueError(
                f"{self._name} returned {len(values)} values for the {len(self._keys)} "
                f"keys {self._keys}"
            )
        self._mode = mode
        return values

    def convert(self, data):
        return self._dataset.convert(data)


class _Unknown:
    def __repr__(self):
        return "<unknown>"


_UNKNOWN = _Unknown()


class _Transform(_TransformBase):
    _name = "transform"

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._keys))
        inputs = self._dataset.get_examples(indices, None)
        n = _n_rows(indices, len(self._dataset))
        out = tuple([] for _ in key_indices)
        for row in range(n):
            values = self._outputs(_call(self._func, self._dataset, [c[row] for c in inputs]))
            for column, k in zip(out, key_indices):
                column.append(values[k])
        return out


class _TransformBatch(_TransformBase):
    _name = "transform_batch"

    def get_examples(self, indices, key_indices):
        if key_indices is None:
            key_indices = range(len(self._keys))
        n = _n_rows(indices, len(self._dataset))
        inputs = self._dataset.get_examples(indices, None)
        values = self._outputs(_call(self._func, self._dataset, list(inputs)))
        for column in values:
            if len(column) != n:
                raise ValueError(
                    f"transform_batch must keep the number of rows: got {len(column)} for {n}"
                )
        return tuple(values[k] for k in key_indices)


class _WithConverter(TabularDataset):
    def __init__(self, dataset, converter):
        self._dataset = dataset
        self._converter = converter

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._dataset.keys

    @property
    def mode(self):
        return self._dataset.mode

    def get_examples(self, indices, key_indices):
        return self._dataset.get_examples(indices, key_indices)

    def convert(self, data):
        if isinstance(data, tuple):
            return self._converter(*data)
        if isinstance(data, dict):
            return self._converter(**data)
        return self._converter(data)
