"""The Fashion-MNIST dataset of clothing images (Zalando Research).

60,000 training and 10,000 test images of 28x28 gray pixels in 10 classes,
a drop-in replacement for MNIST.
"""

from __future__ import annotations

import numpy

from chainer.datasets import _mnist_helper
from chainer.datasets._remote import Remote

__all__ = ["get_fashion_mnist", "get_fashion_mnist_labels"]

_BASE = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

# SHA-256 digests from TensorFlow Datasets,
# tensorflow_datasets/url_checksums/fashion_mnist.txt (the same URLs).
_REMOTES = {
    "train_x": Remote(
        _BASE + "train-images-idx3-ubyte.gz",
        sha256="3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    ),
    "train_y": Remote(
        _BASE + "train-labels-idx1-ubyte.gz",
        sha256="a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    ),
    "test_x": Remote(
        _BASE + "t10k-images-idx3-ubyte.gz",
        sha256="346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    ),
    "test_y": Remote(
        _BASE + "t10k-labels-idx1-ubyte.gz",
        sha256="67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    ),
}

_DIRECTORY = "pfnet/chainer/fashion-mnist"

_LABELS = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


def get_fashion_mnist_labels():
    """Returns the names of the 10 Fashion-MNIST classes, indexed by label.

    Returns:
        list of str: ``['T-shirt/top', 'Trouser', ..., 'Ankle boot']``.
    """
    return list(_LABELS)


def get_fashion_mnist(
    withlabel=True, ndim=1, scale=1.0, dtype=None, label_dtype=numpy.int32, rgb_format=False
):
    """Gets the Fashion-MNIST dataset, downloading it on first use.

    `Fashion-MNIST <https://github.com/zalandoresearch/fashion-mnist>`_ has
    the format of MNIST: 28x28 gray images of clothing, each pixel an
    unsigned byte, in 10 classes (see :func:`get_fashion_mnist_labels`). The
    arguments and the result are those of :func:`~chainer.datasets.get_mnist`.

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
