"""ChainerRL: deep reinforcement learning for chainer-core on Gymnasium environments."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("chainer-rl")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
