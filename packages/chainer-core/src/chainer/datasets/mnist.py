"""The MNIST dataset of handwritten digits (LeCun, Cortes and Burges).

60,000 training and 10,000 test images of 28x28 gray pixels, labels 0-9.
"""

from __future__ import annotations

import numpy

from chainer.datasets import _mnist_helper
from chainer.datasets._remote import Remote

__all__ = ["get_mnist"]

_CANONICAL = "http://yann.lecun.com/exdb/mnist/"
# Mirrors of the same files: torchvision's (ossci-datasets) and TensorFlow Datasets' (cvdf).
_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


def _remote(name, sha256):
    return Remote(_CANONICAL + name, sha256=sha256, mirrors=tuple(m + name for m in _MIRRORS))


# SHA-256 digests from TensorFlow Datasets, tensorflow_datasets/url_checksums/mnist.txt
# (the same files: sizes 9912422, 28881, 1648877 and 4542 bytes as on LeCun's page).
_REMOTES = {
    "train_x": _remote(
        "train-images-idx3-ubyte.gz",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ),
    "train_y": _remote(
        "train-labels-idx1-ubyte.gz",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ),
    "test_x": _remote(
        "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    "test_y": _remote(
        "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
}

_DIRECTORY = "pfnet/chainer/mnist"


def get_mnist(
    withlabel=True, ndim=1, scale=1.0, dtype=None, label_dtype=numpy.int32, rgb_format=False
):
    """Gets the MNIST dataset, downloading it on first use.

    `MNIST <http://yann.lecun.com/exdb/mnist/>`_ is a set of handwritten
    digits as 28x28 gray images, each pixel an unsigned byte. The four files
    are downloaded once into the dataset cache (see
    :mod:`chainer.dataset.download`), checked against their published
    SHA-256 digests, and converted to .npz files there.

    Args:
        withlabel (bool): whether each example is an ``(image, label)``
            tuple; with False the datasets are arrays of images.
        ndim (int): the shape of each image: 1 for ``(784,)``, 2 for
            ``(28, 28)``, 3 for ``(1, 28, 28)``.
        scale (float): pixels are mapped from ``[0, 255]`` to
            ``[0, scale]``.
        dtype: the floating-point dtype of the images;
            ``chainer.config.dtype`` when None.
        label_dtype: the dtype of the labels.
        rgb_format (bool): with ``ndim=3``, repeats the gray channel so that
            each image is ``(3, 28, 28)``; ignored otherwise.

    Returns:
        tuple: the training set (60,000 examples) and the test set (10,000),
        :class:`~chainer.datasets.TupleDataset` objects with labels, arrays
        without.

    Raises:
        ~chainer.dataset.ChecksumError: a downloaded file has the wrong
            digest (set ``CHAINER_DATASET_SKIP_CHECKSUM=1`` to accept it).
    """
    train = _mnist_helper.retrieve(
        _DIRECTORY, "train.npz", _REMOTES["train_x"], _REMOTES["train_y"]
    )
    test = _mnist_helper.retrieve(_DIRECTORY, "test.npz", _REMOTES["test_x"], _REMOTES["test_y"])
    args = (withlabel, ndim, scale, dtype, label_dtype, rgb_format)
    return _mnist_helper.preprocess(train, *args), _mnist_helper.preprocess(test, *args)
