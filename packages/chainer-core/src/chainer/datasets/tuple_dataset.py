"""A dataset of tuples, built from equal-length datasets."""

from __future__ import annotations

import numpy

__all__ = ["TupleDataset"]


class TupleDataset:
    """Dataset of tuples from several equal-length datasets.

    The ``i``-th example is ``(datasets[0][i], datasets[1][i], ...)``.
    Arrays are typical components (e.g. images and labels), but any object
    with ``__len__`` and ``__getitem__`` works; indexing with a slice, a list
    or an array is delegated to the components, so NumPy arrays are
    indexed in one vectorized step.

    Args:
        *datasets: the components, all of the same length.

    Raises:
        ValueError: when no dataset is given or the lengths differ.
    """

    def __init__(self, *datasets):
        if not datasets:
            raise ValueError("TupleDataset needs at least one dataset; none was given")
        length = len(datasets[0])
        for i, dataset in enumerate(datasets):
            if len(dataset) != length:
                raise ValueError(
                    f"dataset {i} has length {len(dataset)}, but dataset 0 has length {length}"
                )
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index):
        """One tuple for an integer index, a list of tuples for a slice, list or array."""
        columns = [dataset[index] for dataset in self._datasets]
        if isinstance(index, (slice, list, numpy.ndarray)):
            return list(zip(*columns))
        return tuple(columns)

    def __len__(self):
        return self._length
