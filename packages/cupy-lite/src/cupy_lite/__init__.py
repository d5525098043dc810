"""One NumPy-compatible array namespace for the CPU (NumPy) and NVIDIA GPUs (CuPy)."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("cupy-lite")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"
