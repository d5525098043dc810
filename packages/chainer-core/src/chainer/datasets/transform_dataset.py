"""A dataset that applies a function to the examples of another, on access."""

from __future__ import annotations

from chainer.dataset import dataset_mixin

__all__ = ["TransformDataset"]


class TransformDataset(dataset_mixin.DatasetMixin):
    """Dataset that applies a function to each example when it is read.

    Nothing is precomputed: ``transform`` runs every time an example is
    accessed, so a random augmentation gives a new result each epoch (and
    runs in the workers of a multiprocess iterator).

    Args:
        dataset: the underlying dataset (``__len__`` and ``__getitem__``).
        transform (callable): takes one example of ``dataset`` and returns
            the transformed example.
    """

    def __init__(self, dataset, transform):
        self._dataset = dataset
        self._transform = transform

    def __len__(self):
        return len(self._dataset)

    def get_example(self, i):
        """Returns ``transform(dataset[i])``."""
        return self._transform(self._dataset[i])
