"""Reading MNIST-format (idx) files, shared by MNIST, Fashion-MNIST and Kuzushiji-MNIST."""

from __future__ import annotations

import gzip
import struct

import numpy

from chainer._dtype import get_dtype
from chainer.datasets import _remote
from chainer.datasets.tuple_dataset import TupleDataset

_IMAGES_MAGIC = 2051  # idx3, unsigned bytes
_LABELS_MAGIC = 2049  # idx1, unsigned bytes


def read_idx_images(path, name):
    """Returns the images of a gzipped idx3 file as a (N, rows * cols) uint8 array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack(">iiii", data[:16])
    if magic != _IMAGES_MAGIC or len(data) != 16 + n * rows * cols:
        raise ValueError(f"{name} is not a well-formed idx3 image file")
    return numpy.frombuffer(data, numpy.uint8, n * rows * cols, 16).reshape(n, rows * cols)


def read_idx_labels(path, name):
    """Returns the labels of a gzipped idx1 file as a (N,) uint8 array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">ii", data[:8])
    if magic != _LABELS_MAGIC or len(data) != 8 + n:
        raise ValueError(f"{name} is not a well-formed idx1 label file")
    return numpy.frombuffer(data, numpy.uint8, n, 8).copy()


def retrieve(dataset_name, file_name, images, labels):
    """Returns ``{'x', 'y'}`` of one split, downloading and converting it once.

    Args:
        dataset_name (str): the directory under the dataset root.
        file_name (str): the cached .npz file.
        images (_remote.Remote): the gzipped idx3 images.
        labels (_remote.Remote): the gzipped idx1 labels.
    """

    def make():
        x = read_idx_images(images.fetch(), images.url)
        y = read_idx_labels(labels.fetch(), labels.url)
        if len(x) != len(y):
            raise ValueError(f"{images.url} has {len(x)} images but {labels.url} {len(y)} labels")
        return {"x": x, "y": y}

    return _remote.cached_npz(dataset_name, file_name, make)


def scale_images(images, scale, dtype, maximum=255):
    """Casts uint8 pixels to a float ``dtype``, mapping ``[0, maximum]`` to ``[0, scale]``."""
    dtype = get_dtype(dtype)
    if dtype.kind != "f":
        raise ValueError(f"dtype must be a floating-point type, got {dtype}")
    images = images.astype(dtype)
    images *= scale / maximum
    return images


def preprocess(raw, withlabel, ndim, scale, image_dtype, label_dtype, rgb_format, side=28):
    """Turns the raw ``{'x', 'y'}`` arrays into the dataset the get_* functions return."""
    images = raw["x"]
    if ndim == 1:
        images = images.reshape(-1, side * side)
    elif ndim == 2:
        images = images.reshape(-1, side, side)
    elif ndim == 3:
        images = images.reshape(-1, 1, side, side)
        if rgb_format:
            images = numpy.broadcast_to(images, (len(images), 3, side, side))
    else:
        raise ValueError(f"invalid ndim {ndim!r}: expected 1, 2 or 3")
    images = scale_images(images, scale, image_dtype)
    if withlabel:
        return TupleDataset(images, raw["y"].astype(label_dtype))
    return images
