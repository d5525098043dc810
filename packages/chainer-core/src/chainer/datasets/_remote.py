"""Where the downloadable datasets come from, and how their files are fetched and cached."""

from __future__ import annotations

import os
from typing import NamedTuple

import numpy

from chainer.dataset import download


class Remote(NamedTuple):
    """One downloadable file: its canonical URL, expected digests and mirrors."""

    url: str
    sha256: str | None = None
    md5: str | None = None
    mirrors: tuple = ()

    def fetch(self):
        """Downloads the file into the cache (once) and returns its path."""
        return download.cached_download(
            self.url, sha256=self.sha256, md5=self.md5, mirrors=self.mirrors
        )


def load_npz(path):
    """Reads a whole .npz file into a dict of arrays (no pickles allowed)."""
    with numpy.load(path, allow_pickle=False) as f:
        return {key: f[key] for key in f.files}


def cached_npz(dataset_name, file_name, make_arrays):
    """Loads ``<dataset root>/<dataset_name>/<file_name>``, creating it with ``make_arrays()``.

    ``make_arrays`` returns a dict of arrays, which is saved compressed.
    """

    def creator(path):
        arrays = make_arrays()
        numpy.savez_compressed(path, **arrays)
        return arrays

    directory = download.get_dataset_directory(dataset_name)
    return download.cache_or_load_file(os.path.join(directory, file_name), creator, load_npz)
