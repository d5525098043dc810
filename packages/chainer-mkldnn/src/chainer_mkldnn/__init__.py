"""chainer-mkldnn: an Intel oneDNN (formerly MKL-DNN) CPU backend for chainer-core."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("chainer-mkldnn")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
