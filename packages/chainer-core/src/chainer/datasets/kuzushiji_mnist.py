"""The Kuzushiji-MNIST dataset of cursive Japanese characters (ROIS-DS CODH).

60,000 training and 10,000 test images of 28x28 gray pixels, one hiragana
character per class for each of the 10 rows of the hiragana table.
"""

from __future__ import annotations

import numpy

from chainer.datasets import _mnist_helper
from chainer.datasets._remote import Remote

__all__ = ["get_kuzushiji_mnist", "get_kuzushiji_mnist_labels"]

_BASE = "http://codh.rois.ac.jp/kmnist/dataset/kmnist/"

# SHA-256 digests from TensorFlow Datasets, tensorflow_datasets/url_checksums/kmnist.txt
# (the same URLs).
_REMOTES = {
    "train_x": Remote(
        _BASE + "train-images-idx3-ubyte.gz",
        sha256="51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4",
    ),
    "train_y": Remote(
        _BASE + "train-labels-idx1-ubyte.gz",
        sha256="e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17",
    ),
    "test_x": Remote(
        _BASE + "t10k-images-idx3-ubyte.gz",
        sha256="edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5",
    ),
    "test_y": Remote(
        _BASE + "t10k-labels-idx1-ubyte.gz",
        sha256="20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c",
    ),
}

_DIRECTORY = "pfnet/chainer/kuzushiji_mnist"

# (romaji, character) per label, in the order of the dataset's class map.
_LABELS = (
    ("o", "\u304a"),
    ("ki", "\u304d"),
    ("su", "\u3059"),
    ("tsu", "\u3064"),
    ("na", "\u306a"),
    ("ha", "\u306f"),
    ("ma", "\u307e"),
    ("ya", "\u3084"),
    ("re", "\u308c"),
    ("wo", "\u3092"),
)


def get_kuzushiji_mnist_labels():
    """Returns the 10 Kuzushiji-MNIST classes, indexed by label.

    Returns:
        list of tuples: ``(romaji, character)`` for each class, e.g.
        ``('o', 'お')`` for label 0.
    """
    return list(_LABELS)


def get_kuzushiji_mnist(
    withlabel=True, ndim=1, scale=1.0, dtype=None, label_dtype=numpy.int32, rgb_format=False
):
    """Gets the Kuzushiji-MNIST dataset, downloading it on first use.

    `Kuzushiji-MNIST <http://codh.rois.ac.jp/kmnist/>`_ has the format of
    MNIST: 28x28 gray images of hand-written cursive Japanese characters,
    each pixel an unsigned byte, in 10 classes (see
    :func:`get_kuzushiji_mnist_labels`). The arguments and the result are
    those of :func:`~chainer.datasets.get_mnist`.

    Args:
        withlabel (bool): whether each example is an ``(image, label)`` tuple.
        ndim (int): 1 for ``(784,)`` images, 2 for ``(28, 28)``, 3 for
            ``(1, 28, 28)``.
        scale (float): pixels are mapped from ``[0, 255]`` to ``[0, scale]``.
        dtype: the floating-point dtype of the images;
            ``chainer.config.dtype`` when None.
        label_dtype: the dtype of the labels.
        rgb_format (bool): with ``ndim=3``, makes each image ``(3, 28, 28)``.

    Returns:
        tuple: the training set (60,000 examples) and the test set (10,000).
    """
    train = _mnist_helper.retrieve(
        _DIRECTORY, "train.npz", _REMOTES["train_x"], _REMOTES["train_y"]
    )
    test = _mnist_helper.retrieve(_DIRECTORY, "test.npz", _REMOTES["test_x"], _REMOTES["test_y"])
    args = (withlabel, ndim, scale, dtype, label_dtype, rgb_format)
    return _mnist_helper.preprocess(train, *args), _mnist_helper.preprocess(test, *args)
