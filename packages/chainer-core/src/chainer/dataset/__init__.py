"""Dataset abstractions: the dataset and iterator protocols, converters, and the download cache.

Chainer v7's ``chainer.dataset``. Concrete datasets are in
:mod:`chainer.datasets`, concrete iterators in :mod:`chainer.iterators`.
"""

from chainer.dataset import convert, dataset_mixin, download, iterator, tabular
from chainer.dataset.convert import (
    ConcatWithAsyncTransfer,
    Converter,
    concat_examples,
    converter,
    to_device,
)
from chainer.dataset.dataset_mixin import DatasetMixin
from chainer.dataset.download import (
    ChecksumError,
    DownloadError,
    cache_or_load_file,
    cached_download,
    get_dataset_directory,
    get_dataset_root,
    set_dataset_root,
)
from chainer.dataset.iterator import Iterator
from chainer.dataset.tabular import TabularDataset

__all__ = [
    "ChecksumError",
    "ConcatWithAsyncTransfer",
    "Converter",
    "DatasetMixin",
    "DownloadError",
    "Iterator",
    "TabularDataset",
    "cache_or_load_file",
    "cached_download",
    "concat_examples",
    "convert",
    "converter",
    "dataset_mixin",
    "download",
    "get_dataset_directory",
    "get_dataset_root",
    "iterator",
    "set_dataset_root",
    "tabular",
    "to_device",
]
