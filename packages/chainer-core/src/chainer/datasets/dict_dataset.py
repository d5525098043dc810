"""A dataset of dicts, built from equal-length named datasets."""

from __future__ import annotations

import numpy

__all__ = ["DictDataset"]


class DictDataset:
    """Dataset of dicts from several equal-length named datasets.

    The ``i``-th example is ``{key: dataset[i] for key, dataset in
    datasets.items()}``. :func:`~chainer.dataset.concat_examples` turns a
    list of such examples into a dict of arrays, which a model can take as
    keyword arguments.

    Args:
        **datasets: the components by name, all of the same length.

    Raises:
        ValueError: when no dataset is given or the lengths differ.
    """

    def __init__(self, **datasets):
        if not datasets:
            raise ValueError("DictDataset needs at least one dataset; none was given")
        length = None
        for key, dataset in datasets.items():
            if length is None:
                first, length = key, len(dataset)
            elif len(dataset) != length:
                raise ValueError(
                    f"dataset {key!r} has length {len(dataset)}, but dataset {first!r} "
                    f"has length {length}"
                )
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index):
        """One dict for an integer index, a list of dicts for a slice, list or array."""
        columns = {key: dataset[index] for key, dataset in self._datasets.items()}
        if isinstance(index, (slice, list, numpy.ndarray)):
            n = len(next(iter(columns.values())))
            return [{key: column[i] for key, column in columns.items()} for i in range(n)]
        return columns

    def __len__(self):
        return self._length
