"""ChainerCV: computer vision models, datasets, transforms and evaluation for chainer-core."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("chainer-cv")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
