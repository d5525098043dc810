"""A dataset that chains several datasets end to end."""

from __future__ import annotations

import bisect
import itertools

from chainer.dataset import dataset_mixin

__all__ = ["ConcatenatedDataset"]


class ConcatenatedDataset(dataset_mixin.DatasetMixin):
    """Dataset that concatenates several datasets.

    With datasets of lengths ``n0, n1, ...``, indexes ``0 .. n0-1`` read the
    first dataset, ``n0 .. n0+n1-1`` the second, and so on. Negative
    indexes count from the end of the whole.

    Args:
        *datasets: the datasets to concatenate.
    """

    def __init__(self, *datasets):
        self._datasets = datasets
        self._ends = list(itertools.accumulate(len(d) for d in datasets))

    def __len__(self):
        return self._ends[-1] if self._ends else 0

    def get_example(self, i):
        """Returns the ``i``-th example of the concatenation."""
        n = len(self)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError(f"dataset index {i} out of range for length {n}")
        k = bisect.bisect_right(self._ends, j)
        start = self._ends[k - 1] if k else 0
        return self._datasets[k][j - start]
