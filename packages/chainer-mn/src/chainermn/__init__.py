"""ChainerMN: multi-process and multi-node training for chainer-core over MPI and NCCL."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("chainer-mn")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
