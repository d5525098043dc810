"""An embedded dataset: the 1,797 8x8 handwritten digits of the UCI "optdigits" set.

Shipped inside chainer-core (``chainer/datasets/data/digits.npz``, 45 kB), so
it needs no network. The data is the test part (``optdigits.tes``) of

    E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits",
    UCI Machine Learning Repository, 1998.
    https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits

licensed under the Creative Commons Attribution 4.0 International license
(CC BY 4.0, https://creativecommons.org/licenses/by/4.0/). Each image is the
count of "on" pixels in 4x4 blocks of a 32x32 bitmap, so the pixels are
integers from 0 to 16. The file stores them unchanged (as uint8, in the
order of the original file) with their labels 0-9; see
``chainer/datasets/data/README.md``.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy

from chainer.datasets import _mnist_helper
from chainer.datasets.tuple_dataset import TupleDataset

__all__ = ["get_digits"]

N_TRAIN = 1500
SPLIT_SEED = 0


@functools.cache
def _load():
    with resources.files("chainer.datasets").joinpath("data/digits.npz").open("rb") as f:
        with numpy.load(f, allow_pickle=False) as npz:
            x, y = npz["x"], npz["y"]
    order = numpy.random.RandomState(SPLIT_SEED).permutation(len(x))
    for a in (x, y, order):
        a.flags.writeable = False
    return x, y, order


def get_digits(withlabel=True, ndim=1, scale=1.0, dtype=None, label_dtype=numpy.int32):
    """Gets the embedded 8x8 handwritten digits (UCI optdigits, CC BY 4.0).

    The 1,797 examples are split deterministically: the permutation
    ``numpy.random.RandomState(0).permutation(1797)`` (fixed by NumPy's
    stream-compatibility policy for ``RandomState``) puts its first 1,500
    indexes in the training set and the other 297 in the test set, each in
    permutation order. (The digits come from 13 writers, roughly in writer
    order; a shuffled split keeps writers on both sides, as the usual
    evaluations of this set do.)

    Data: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten
    Digits", UCI Machine Learning Repository (1998),
    https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits,
    CC BY 4.0.

    Args:
        withlabel (bool): whether each example is an ``(image, label)``
            tuple; with False the datasets are arrays of images.
        ndim (int): 1 for ``(64,)`` images, 2 for ``(8, 8)``, 3 for
            ``(1, 8, 8)``.
        scale (float): pixels are mapped from ``[0, 16]`` to ``[0, scale]``.
        dtype: the floating-point dtype of the images;
            ``chainer.config.dtype`` when None.
        label_dtype: the dtype of the labels.

    Returns:
        tuple: the training set (1,500 examples) and the test set (297),
        :class:`~chainer.datasets.TupleDataset` objects with labels, arrays
        without.
    """
    x, y, order = _load()
    shapes = {1: (64,), 2: (8, 8), 3: (1, 8, 8)}
    if ndim not in shapes:
        raise ValueError(f"invalid ndim {ndim!r}: expected 1, 2 or 3")
    result = []
    for index in (order[:N_TRAIN], order[N_TRAIN:]):
        images = _mnist_helper.scale_images(x[index], scale, dtype, maximum=16)
        images = images.reshape((len(index), *shapes[ndim]))
        if withlabel:
            result.append(TupleDataset(images, y[index].astype(label_dtype)))
        else:
            result.append(images)
    return tuple(result)
