"""The Street View House Numbers (SVHN) dataset, cropped-digits format (Netzer et al., 2011).

73,257 training, 26,032 test and 531,131 extra training images of 32x32
color pixels, labels 0-9. Reading the MATLAB files needs SciPy
(``pip install scipy``, or the ``chainer-core[scipy]`` extra).
"""

from __future__ import annotations

import numpy

from chainer.datasets import _mnist_helper, _remote
from chainer.datasets._remote import Remote
from chainer.datasets.tuple_dataset import TupleDataset

__all__ = ["get_svhn"]

_BASE = "http://ufldl.stanford.edu/housenumbers/"

# SHA-256 digests from TensorFlow Datasets, tensorflow_datasets/url_checksums/svhn_cropped.txt
# (the same URLs).
_REMOTES = {
    "train": Remote(
        _BASE + "train_32x32.mat",
        sha256="435e94d69a87fde4fd4d7f3dd208dfc32cb6ae8af2240d066de1df7508d083b8",
    ),
    "test": Remote(
        _BASE + "test_32x32.mat",
        sha256="cdce80dfb2a2c4c6160906d0bd7c68ec5a99d7ca4831afa54f09182025b6a75b",
    ),
    "extra": Remote(
        _BASE + "extra_32x32.mat",
        sha256="a133a4beb38a00fcdda90c9489e0c04f900b660ce8a316a5e854838379a71eb3",
    ),
}

_DIRECTORY = "pfnet/chainer/svhn"


def _loadmat(path):
    try:
        from scipy import io
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "get_svhn needs SciPy to read the MATLAB files: pip install scipy"
        ) from e
    return io.loadmat(path)


def _make(split):
    mat = _loadmat(_REMOTES[split].fetch())
    # X is (height, width, channel, N); the digit 0 is labeled 10.
    x = numpy.ascontiguousarray(mat["X"].transpose(3, 2, 0, 1), dtype=numpy.uint8)
    y = mat["y"].ravel().astype(numpy.uint8) % 10
    return {"x": x, "y": y}


def _get(split, withlabel, scale, dtype, label_dtype):
    raw = _remote.cached_npz(_DIRECTORY, f"{split}.npz", lambda: _make(split))
    images = _mnist_helper.scale_images(raw["x"], scale, dtype)
    if withlabel:
        return TupleDataset(images, raw["y"].astype(label_dtype))
    return images


def get_svhn(withlabel=True, scale=1.0, dtype=None, label_dtype=numpy.int32, add_extra=False):
    """Gets the SVHN dataset, downloading it on first use.

    `SVHN <http://ufldl.stanford.edu/housenumbers/>`_ is a set of 32x32
    color images of house-number digits from Google Street View, like MNIST
    but harder. The MATLAB files are downloaded once into the dataset cache,
    checked against their published SHA-256 digests and converted to .npz
    files there (this step needs SciPy). The original label 10 of the digit
    0 is mapped to 0. Works like :func:`~chainer.datasets.get_mnist`, with
    images of shape ``(3, 32, 32)`` and no ``ndim`` argument.

    Args:
        withlabel (bool): whether each example is an ``(image, label)`` tuple.
        scale (float): pixels are mapped from ``[0, 255]`` to ``[0, scale]``.
        dtype: the floating-point dtype of the images;
            ``chainer.config.dtype`` when None.
        label_dtype: the dtype of the labels.
        add_extra (bool): also return the extra training set (1.3 GB to
            download).

    Returns:
        tuple: ``(train, test)``, or ``(train, test, extra)`` with
        ``add_extra``; :class:`~chainer.datasets.TupleDataset` objects with
        labels, arrays of images without.
    """
    splits = ("train", "test", "extra") if add_extra else ("train", "test")
    return tuple(_get(s, withlabel, scale, dtype, label_dtype) for s in splits)
