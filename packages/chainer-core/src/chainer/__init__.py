"""Chainer: a define-by-run deep-learning framework, compatible with Chainer v7."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("chainer-core")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
