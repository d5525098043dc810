"""Subsets of a dataset, and the train/validation and cross-validation splits built from them."""

from __future__ import annotations

import numbers
import warnings

import numpy

from chainer.dataset import dataset_mixin

__all__ = [
    "SubDataset",
    "get_cross_validation_datasets",
    "get_cross_validation_datasets_random",
    "split_dataset",
    "split_dataset_n",
    "split_dataset_n_random",
    "split_dataset_random",
]


def _check_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return int(value)


class SubDataset(dataset_mixin.DatasetMixin):
    """A contiguous range of a dataset, optionally through a permutation.

    Without ``order``, the ``i``-th example is ``dataset[start + i]``; with
    it, ``dataset[order[start + i]]``. A negative ``i`` counts from
    ``finish``: ``dataset[finish + i]`` (or ``dataset[order[finish + i]]``).
    No example is copied.

    Subsets are how a dataset is split for validation: once into two parts
    (:func:`split_dataset`, :func:`split_dataset_random`), into ``n`` parts
    (:func:`split_dataset_n`, :func:`split_dataset_n_random`), or into
    ``k`` train/test pairs for k-fold cross validation
    (:func:`get_cross_validation_datasets`,
    :func:`get_cross_validation_datasets_random`).

    Args:
        dataset: the base dataset.
        start (int): the first position of the subset (inclusive).
        finish (int): the end position of the subset (exclusive).
        order (sequence of ints): a permutation of the base dataset's
            indexes, or None for the identity. Its length must be
            ``len(dataset)``.

    Raises:
        ValueError: when ``[start, finish)`` is not inside the dataset or
            ``order`` has the wrong length.
    """

    def __init__(self, dataset, start, finish, order=None):
        start = _check_int("start", start)
        finish = _check_int("finish", finish)
        n = len(dataset)
        if not 0 <= start <= finish <= n:
            raise ValueError(
                f"the subset [start={start}, finish={finish}) overruns the base dataset "
                f"of length {n}"
            )
        if order is not None and len(order) != n:
            raise ValueError(
                f"order has length {len(order)}; it must have the length of the base dataset, {n}"
            )
        self._dataset = dataset
        self._start = start
        self._finish = finish
        self._size = finish - start
        self._order = order

    def __len__(self):
        return self._size

    def get_example(self, i):
        """Returns the ``i``-th example of the subset."""
        if i >= 0:
            if i >= self._size:
                raise IndexError(f"dataset index {i} out of range for length {self._size}")
            index = self._start + i
        else:
            if i < -self._size:
                raise IndexError(f"dataset index {i} out of range for length {self._size}")
            index = self._finish + i
        if self._order is not None:
            index = self._order[index]
        return self._dataset[index]


def split_dataset(dataset, split_at, order=None):
    """Splits a dataset into two subsets.

    The two :class:`SubDataset` objects share no example and together cover
    the dataset.

    Args:
        dataset: the dataset to split.
        split_at (int): where to split: the size of the first subset.
        order (sequence of ints): a permutation of the indexes (see
            :class:`SubDataset`), or None.

    Returns:
        tuple: the subsets of the indexes ``order[:split_at]`` and
        ``order[split_at:]``.

    Raises:
        TypeError: ``split_at`` is not an int.
        ValueError: ``split_at`` is negative or larger than the dataset.
    """
    split_at = _check_int("split_at", split_at)
    n = len(dataset)
    if split_at < 0:
        raise ValueError(f"split_at must be non-negative, got {split_at}")
    if split_at > n:
        raise ValueError(f"split_at={split_at} exceeds the dataset size {n}")
    return (
        SubDataset(dataset, 0, split_at, order),
        SubDataset(dataset, split_at, n, order),
    )


def split_dataset_random(dataset, first_size, seed=None):
    """Splits a dataset into two subsets at random.

    Args:
        dataset: the dataset to split.
        first_size (int): the size of the first subset.
        seed (int): the seed of the permutation
            (``numpy.random.RandomState(seed).permutation(len(dataset))``);
            a given seed always puts each example in the same subset. None
            draws a fresh permutation.

    Returns:
        tuple: two :class:`SubDataset` objects; the first holds
        ``first_size`` examples chosen without replacement, the second the
        rest.
    """
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return split_dataset(dataset, first_size, order)


def split_dataset_n(dataset, n, order=None):
    """Splits a dataset into ``n`` subsets of equal size.

    Each subset has ``len(dataset) // n`` examples; the last
    ``len(dataset) % n`` examples (in ``order``) belong to none of them.

    Args:
        dataset: the dataset to split.
        n (int): the number of subsets.
        order (sequence of ints): a permutation of the indexes, or None.

    Returns:
        list: ``n`` :class:`SubDataset` objects; the ``i``-th holds the
        indexes ``order[i * size:(i + 1) * size]`` with
        ``size = len(dataset) // n``.
    """
    n = _check_int("n", n)
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    size = len(dataset) // n
    return [SubDataset(dataset, size * i, size * (i + 1), order) for i in range(n)]


def split_dataset_n_random(dataset, n, seed=None):
    """Splits a dataset into ``n`` subsets of equal size at random.

    Args:
        dataset: the dataset to split.
        n (int): the number of subsets.
        seed (int): the seed of the permutation; None draws a fresh one.

    Returns:
        list: ``n`` :class:`SubDataset` objects of ``len(dataset) // n``
        examples each (see :func:`split_dataset_n`).
    """
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return split_dataset_n(dataset, n, order)


def get_cross_validation_datasets(dataset, n_folds=None, order=None, **kwargs):
    """Creates the train/test pairs of k-fold cross validation.

    The dataset (in ``order``) is cut into ``n_folds`` contiguous folds
    whose sizes differ by at most one. Each pair's test subset is one fold
    and its training subset is the other folds; the test subsets share no
    example and together cover the dataset. The first pair tests on the
    last fold, the second on the fold before it, and so on; each training
    subset lists the examples that follow its test fold (wrapping around)
    first.

    Args:
        dataset: the dataset to split.
        n_folds (int): the number of folds.
        order (sequence of ints): a permutation of the indexes, or None.
        **kwargs: ``n_fold``, the deprecated spelling of ``n_folds``.

    Returns:
        list of tuples: ``n_folds`` pairs ``(train, test)`` of
        :class:`SubDataset`.
    """
    if "n_fold" in kwargs:
        warnings.warn(
            "the n_fold argument is deprecated; use n_folds", DeprecationWarning, stacklevel=2
        )
        if n_folds is not None:
            raise TypeError("give n_folds or n_fold, not both")
        n_folds = kwargs.pop("n_fold")
    if kwargs:
        raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")
    if n_folds is None:
        raise TypeError("get_cross_validation_datasets() needs n_folds")
    n_folds = _check_int("n_folds", n_folds)
    n = len(dataset)
    if not 0 < n_folds <= max(n, 1):
        raise ValueError(f"n_folds must be between 1 and the dataset size {n}, got {n_folds}")
    order = numpy.arange(n) if order is None else numpy.array(order)
    borders = [n * i // n_folds for i in range(n_folds + 1)]
    test_sizes = [borders[i + 1] - borders[i] for i in range(n_folds)]
    splits = []
    for test_size in reversed(test_sizes):
        splits.append(split_dataset(dataset, n - test_size, order))
        # Rotate so that the next fold comes last.
        order = numpy.roll(order, test_size)
    return splits


def get_cross_validation_datasets_random(dataset, n_folds, seed=None, **kwargs):
    """Creates the train/test pairs of k-fold cross validation on a random permutation.

    Args:
        dataset: the dataset to split.
        n_folds (int): the number of folds.
        seed (int): the seed of the permutation; None draws a fresh one.
        **kwargs: ``n_fold``, the deprecated spelling of ``n_folds``.

    Returns:
        list of tuples: ``n_folds`` pairs ``(train, test)`` of
        :class:`SubDataset` (see :func:`get_cross_validation_datasets`).
    """
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return get_cross_validation_datasets(dataset, n_folds, order, **kwargs)
