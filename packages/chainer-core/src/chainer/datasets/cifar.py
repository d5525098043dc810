"""The CIFAR-10 and CIFAR-100 datasets of 32x32 color images (Krizhevsky, 2009).

Both have 50,000 training and 10,000 test images; CIFAR-10 in 10 classes,
CIFAR-100 in 100 ("fine" labels). The loaders read the publisher's *binary*
version of each archive (records of label bytes followed by the 3,072 pixel
bytes, red plane, green plane, blue plane, each row-major), which holds the
same images as the Python version without unpickling anything.
"""

from __future__ import annotations

import posixpath
import tarfile

import numpy

from chainer.datasets import _mnist_helper, _remote
from chainer.datasets._remote import Remote
from chainer.datasets.tuple_dataset import TupleDataset

__all__ = ["get_cifar10", "get_cifar100"]

_BASE = "https://www.cs.toronto.edu/~kriz/"

# SHA-256 digests from TensorFlow Datasets, tensorflow_datasets/url_checksums/cifar10.txt and
# cifar100.txt (the same URLs; 170052171 and 168513733 bytes).
_REMOTES = {
    "cifar-10": Remote(
        _BASE + "cifar-10-binary.tar.gz",
        sha256="c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
    ),
    "cifar-100": Remote(
        _BASE + "cifar-100-binary.tar.gz",
        sha256="58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec",
    ),
}

_DIRECTORY = "pfnet/chainer/cifar"
_PIXELS = 3 * 32 * 32

# Per variant: the members holding the training and the test records, the number of label
# bytes per record, and which of them is the label returned.
_LAYOUT = {
    "cifar-10": (tuple(f"data_batch_{i}.bin" for i in range(1, 6)), ("test_batch.bin",), 1, 0),
    "cifar-100": (("train.bin",), ("test.bin",), 2, 1),
}


def _read_records(archive, members, n_label_bytes, label_index, url):
    parts = []
    for member in members:
        data = archive[member]
        record = n_label_bytes + _PIXELS
        if len(data) % record:
            raise ValueError(f"{member} in {url} is not a whole number of {record}-byte records")
        parts.append(numpy.frombuffer(data, numpy.uint8).reshape(-1, record))
    records = numpy.concatenate(parts)
    return records[:, n_label_bytes:].copy(), records[:, label_index].copy()


def _make(name):
    remote = _REMOTES[name]
    train_members, test_members, n_label_bytes, label_index = _LAYOUT[name]
    wanted = set(train_members + test_members)
    archive = {}
    with tarfile.open(remote.fetch(), "r:gz") as tar:
        for member in tar:
            base = posixpath.basename(member.name)
            if member.isfile() and base in wanted:
                archive[base] = tar.extractfile(member).read()
    missing = sorted(wanted - set(archive))
    if missing:
        raise ValueError(f"{remote.url} does not contain {', '.join(missing)}")
    train_x, train_y = _read_records(archive, train_members, n_label_bytes, label_index, remote.url)
    test_x, test_y = _read_records(archive, test_members, n_label_bytes, label_index, remote.url)
    return {"train_x": train_x, "train_y": train_y, "test_x": test_x, "test_y": test_y}


def _get(name, withlabel, ndim, scale, dtype):
    raw = _remote.cached_npz(_DIRECTORY, f"{name}.npz", lambda: _make(name))
    return _preprocess(raw["train_x"], raw["train_y"], withlabel, ndim, scale, dtype), _preprocess(
        raw["test_x"], raw["test_y"], withlabel, ndim, scale, dtype
    )


def _preprocess(images, labels, withlabel, ndim, scale, dtype):
    if ndim == 1:
        images = images.reshape(-1, _PIXELS)
    elif ndim == 3:
        images = images.reshape(-1, 3, 32, 32)
    else:
        raise ValueError(f"invalid ndim {ndim!r} for CIFAR: expected 1 or 3")
    images = _mnist_helper.scale_images(images, scale, dtype)
    if withlabel:
        return TupleDataset(images, labels.astype(numpy.int32))
    return images


def get_cifar10(withlabel=True, ndim=3, scale=1.0, dtype=None):
    """Gets the CIFAR-10 dataset, downloading it on first use.

    `CIFAR-10 <https://www.cs.toronto.edu/~kriz/cifar.html>`_ is a set of
    32x32 color images in 10 classes (airplane, automobile, bird, cat,
    deer, dog, frog, horse, ship, truck). The archive (about 170 MB) is
    downloaded once into the dataset cache, checked against its published
    SHA-256 digest and converted to an .npz file there.

    Args:
        withlabel (bool): whether each example is an ``(image, label)``
            tuple (labels are int32); with False the datasets are arrays of
            images.
        ndim (int): 3 for ``(3, 32, 32)`` images (channels RGB), 1 for flat
            ``(3072,)`` ones.
        scale (float): pixels are mapped from ``[0, 255]`` to ``[0, scale]``.
        dtype: the floating-point dtype of the images;
            ``chainer.config.dtype`` when None.

    Returns:
        tuple: the training set (50,000 examples) and the test set (10,000).
    """
    return _get("cifar-10", withlabel, ndim, scale, dtype)


def get_cifar100(withlabel=True, ndim=3, scale=1.0, dtype=None):
    """Gets the CIFAR-100 dataset, downloading it on first use.

    `CIFAR-100 <https://www.cs.toronto.edu/~kriz/cifar.html>`_ is a set of
    32x32 color images in 100 classes; the labels returned are the fine
    (100-class) labels. Otherwise like :func:`get_cifar10`.

    Args:
        withlabel (bool): whether each example is an ``(image, label)`` tuple.
        ndim (int): 3 for ``(3, 32, 32)`` images, 1 for flat ``(3072,)`` ones.
        scale (float): pixels are mapped from ``[0, 255]`` to ``[0, scale]``.
        dtype: the floating-point dtype of the images;
            ``chainer.config.dtype`` when None.

    Returns:
        tuple: the training set (50,000 examples) and the test set (10,000).
    """
    return _get("cifar-100", withlabel, ndim, scale, dtype)
