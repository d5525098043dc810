"""A base class for tabular datasets that wrap another."""

from __future__ import annotations

from chainer.dataset.tabular.tabular_dataset import TabularDataset

__all__ = ["DelegateDataset"]


class DelegateDataset(TabularDataset):
    """A :class:`~chainer.dataset.TabularDataset` that forwards everything to another.

    Subclass it to give a dataset built with
    :func:`~chainer.dataset.tabular.from_data` (or any tabular dataset) a
    class of its own.

    Args:
        dataset (TabularDataset): the underlying dataset.
    """

    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    @property
    def keys(self):
        return self.dataset.keys

    @property
    def mode(self):
        return self.dataset.mode

    def get_examples(self, indices, key_indices):
        return self.dataset.get_examples(indices, key_indices)

    def convert(self, data):
        return self.dataset.convert(data)
