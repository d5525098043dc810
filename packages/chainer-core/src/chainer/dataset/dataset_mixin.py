"""Default implementations of the dataset indexing protocol."""

from __future__ import annotations

import numpy

__all__ = ["DatasetMixin"]


class DatasetMixin:
    """Turns ``get_example`` and ``__len__`` into a full dataset.

    A dataset is any object with ``__len__`` and ``__getitem__``. A subclass
    of this mixin implements :meth:`__len__` and :meth:`get_example` (one
    example for one integer index); the mixin's :meth:`__getitem__` adds
    slices and lists or arrays of indexes, returning lists of examples.
    """

    def __getitem__(self, index):
        """Returns one example, or a list of examples.

        Args:
            index (int, slice, list or numpy.ndarray): an integer index, a
                slice, or a sequence of integer indexes. Anything else
                (negative integers included) is passed to :meth:`get_example`
                unchanged.

        Returns:
            The example for an integer index; a list of examples otherwise.
        """
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return [self.get_example(i) for i in range(start, stop, step)]
        if isinstance(index, (list, numpy.ndarray)):
            return [self.get_example(i) for i in index]
        return self.get_example(index)

    def __len__(self):
        """The number of examples (to be implemented by the subclass)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement __len__")

    def get_example(self, i):
        """Returns the ``i``-th example (to be implemented by the subclass).

        Args:
            i (int): the index of the example.

        Raises:
            IndexError: for an index out of range.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement get_example")
