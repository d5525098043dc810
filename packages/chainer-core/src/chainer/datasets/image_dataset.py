"""Datasets of image files, on disk or in zip archives (read with Pillow).

Images are returned as arrays of shape ``(channels, height, width)``: the
pixels as Pillow decodes them (no color conversion: a grayscale file gives
one channel, an RGBA file four), cast to ``dtype``. Pillow is imported when
the first image is read; install it with ``pip install pillow``.
"""

from __future__ import annotations

import bisect
import io
import itertools
import os
import threading
import zipfile

import numpy

from chainer._dtype import get_dtype
from chainer.dataset import dataset_mixin

__all__ = [
    "ImageDataset",
    "LabeledImageDataset",
    "LabeledZippedImageDataset",
    "MultiZippedImageDataset",
    "ZippedImageDataset",
]


def _pil_image():
    try:
        from PIL import Image
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "reading images needs Pillow, which is not installed: pip install pillow"
        ) from e
    return Image


def _read_image_as_array(source, dtype):
    # ``source``: a path or a binary file object.
    with _pil_image().open(source) as image:
        return numpy.asarray(image, dtype=dtype)


def _to_chw(image):
    if image.ndim == 2:
        image = image[:, :, numpy.newaxis]
    return image.transpose(2, 0, 1)


def _read_pairs(path):
    # Lines "<path> <int label>"; blank lines are skipped.
    pairs = []
    with open(path) as f:
        for line_no, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 2:
                raise ValueError(
                    f"invalid line {line_no} in {path}: expected '<path> <label>', got {line!r}"
                )
            try:
                label = int(fields[1])
            except ValueError:
                raise ValueError(
                    f"invalid label on line {line_no} in {path}: {fields[1]!r} is not an int"
                ) from None
            pairs.append((fields[0], label))
    return pairs


class ImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of images read from files on demand.

    Args:
        paths (str or list of str): the image paths, or the path of a text
            file that lists them one per line.
        root (str): the directory the image paths are relative to.
        dtype: the dtype of the returned arrays; ``chainer.config.dtype``
            (float32 by default) when None.

    Each example is an array of shape ``(channels, height, width)``.
    """

    def __init__(self, paths, root=".", dtype=None):
        if isinstance(paths, (str, os.PathLike)):
            with open(paths) as f:
                paths = [line.strip() for line in f if line.strip()]
        self._paths = list(paths)
        self._root = root
        self._dtype = get_dtype(dtype)

    def __len__(self):
        return len(self._paths)

    def get_example(self, i):
        """Returns the ``i``-th image as a ``(channels, height, width)`` array."""
        path = os.path.join(self._root, self._paths[i])
        return _to_chw(_read_image_as_array(path, self._dtype))


class LabeledImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of (image, label) pairs; images are read from files on demand.

    Args:
        pairs (str or list of tuples): ``(path, int label)`` pairs, or the
            path of a text file with one ``<path> <label>`` pair per line
            (separated by whitespace).
        root (str): the directory the image paths are relative to.
        dtype: the dtype of the images; ``chainer.config.dtype`` when None.
        label_dtype: the dtype of the labels.

    Each example is ``(image, label)``: an array of shape ``(channels,
    height, width)`` and a 0-d array of ``label_dtype``.
    """

    def __init__(self, pairs, root=".", dtype=None, label_dtype=numpy.int32):
        if isinstance(pairs, (str, os.PathLike)):
            pairs = _read_pairs(pairs)
        self._pairs = list(pairs)
        self._root = root
        self._dtype = get_dtype(dtype)
        self._label_dtype = label_dtype

    def __len__(self):
        return len(self._pairs)

    def get_example(self, i):
        """Returns the ``i``-th ``(image, label)`` pair."""
        path, label = self._pairs[i]
        image = _to_chw(_read_image_as_array(os.path.join(self._root, path), self._dtype))
        return image, numpy.array(label, dtype=self._label_dtype)


class ZippedImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of the images stored in a zip archive.

    Every file of the archive (directories excluded), in the archive's
    order, is one example. Each process opens the archive for itself, so
    the dataset works with multiprocess iterators, and pickles by file
    name.

    Args:
        zipfilename (str): the zip archive.
        dtype: the dtype of the returned arrays; ``chainer.config.dtype``
            when None.
    """

    def __init__(self, zipfilename, dtype=None):
        self._zipfilename = os.fspath(zipfilename)
        self._dtype = get_dtype(dtype)
        self._local = None
        with zipfile.ZipFile(self._zipfilename) as zf:
            self._paths = [name for name in zf.namelist() if not name.endswith("/")]

    def _zipfile(self):
        # One open ZipFile per process (a forked child must not share the parent's).
        local = self._local
        if local is None or local[0] != os.getpid():
            local = (os.getpid(), zipfile.ZipFile(self._zipfilename), threading.Lock())
            self._local = local
        return local[1], local[2]

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_local"] = None
        return state

    def __len__(self):
        return len(self._paths)

    def read(self, name):
        """Returns the bytes of the member ``name`` of the archive."""
        zf, lock = self._zipfile()
        with lock:
            return zf.read(name)

    def get_example(self, i):
        """Returns the ``i``-th image as a ``(channels, height, width)`` array."""
        data = self.read(self._paths[i])
        return _to_chw(_read_image_as_array(io.BytesIO(data), self._dtype))


class MultiZippedImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of the images of several zip archives, one after the other.

    Args:
        zipfilenames (list of str): the zip archives.
        dtype: the dtype of the returned arrays; ``chainer.config.dtype``
            when None.
    """

    def __init__(self, zipfilenames, dtype=None):
        self._datasets = [ZippedImageDataset(name, dtype) for name in zipfilenames]
        self._ends = list(itertools.accumulate(len(d) for d in self._datasets))

    def __len__(self):
        return self._ends[-1] if self._ends else 0

    def get_example(self, i):
        """Returns the ``i``-th image of the concatenated archives."""
        n = len(self)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError(f"dataset index {i} out of range for length {n}")
        k = bisect.bisect_right(self._ends, j)
        start = self._ends[k - 1] if k else 0
        return self._datasets[k].get_example(j - start)


class LabeledZippedImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of (image, label) pairs with the images in a zip archive.

    The zip counterpart of :class:`LabeledImageDataset`: the label file is a
    text file (outside the archive) with one ``<path> <label>`` pair per
    line, where each path names a member of the archive. The examples
    follow the order of the label file.

    Args:
        zipfilename (str): the zip archive.
        labelfilename (str): the label file.
        dtype: the dtype of the images; ``chainer.config.dtype`` when None.
        label_dtype: the dtype of the labels.

    Raises:
        ValueError: when the label file names a path that the archive does
            not contain, or has a malformed line.
    """

    def __init__(self, zipfilename, labelfilename, dtype=None, label_dtype=numpy.int32):
        self._images = ZippedImageDataset(zipfilename, dtype)
        self._pairs = _read_pairs(labelfilename)
        members = set(self._images._paths)
        for path, _ in self._pairs:
            if path not in members:
                raise ValueError(
                    f"{labelfilename} names {path!r}, which {zipfilename} does not contain"
                )
        self._dtype = self._images._dtype
        self._label_dtype = label_dtype

    def __len__(self):
        return len(self._pairs)

    def get_example(self, i):
        """Returns the ``i``-th ``(image, label)`` pair."""
        path, label = self._pairs[i]
        image = _to_chw(_read_image_as_array(io.BytesIO(self._images.read(path)), self._dtype))
        return image, numpy.array(label, dtype=self._label_dtype)
