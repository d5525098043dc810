"""A report of the runtime environment, for bug reports."""

import importlib
import importlib.metadata
import importlib.util
import platform
import sys

import numpy

_PLUGIN_GROUP = "chainer.plugins"
_ONEDNN_WORDS = ("mkldnn", "onednn", "intel64")


def _distribution_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cupy_version():
    # Only report CuPy when it imports cleanly; a broken install is "not available".
    try:
        cupy = importlib.import_module("cupy")
    except Exception:
        return None
    return getattr(cupy, "__version__", "unknown")


def _cudnn_frontend_version():
    if importlib.util.find_spec("cudnn") is None:
        return None
    return _distribution_version("nvidia-cudnn-frontend") or "available"


def _plugins():
    try:
        entry_points = importlib.metadata.entry_points(group=_PLUGIN_GROUP)
    except TypeError:  # pragma: no cover - Python < 3.10 signature
        entry_points = importlib.metadata.entry_points().get(_PLUGIN_GROUP, [])
    found = []
    for ep in entry_points:
        dist = getattr(ep, "dist", None)
        version = dist.version if dist is not None else "unknown"
        dist_name = dist.metadata["Name"] if dist is not None else "unknown"
        found.append(f"{ep.name} ({dist_name} {version})")
    return found


def _collect():
    import chainer

    cupy = _cupy_version()
    cudnn = _cudnn_frontend_version()
    plugins = _plugins()
    onednn = [p for p in plugins if any(word in p.lower() for word in _ONEDNN_WORDS)]
    return [
        ("Platform", platform.platform()),
        ("Python", sys.version.split()[0]),
        ("Chainer", chainer.__version__),
        ("NumPy", numpy.__version__),
        ("cupy-lite", _distribution_version("cupy-lite") or "not available"),
        ("CuPy", cupy if cupy is not None else "not available"),
        ("cuDNN frontend", cudnn if cudnn is not None else "not available"),
        ("oneDNN plugin", ", ".join(onednn) if onednn else "not available"),
        ("Plugins", ", ".join(plugins) if plugins else "none"),
    ]


def print_runtime_info(out=None):
    """Prints the versions of Chainer and of the libraries it runs on.

    Args:
        out: A file-like object to write to; ``sys.stdout`` when ``None``.
    """
    if out is None:
        out = sys.stdout
    for key, value in _collect():
        out.write(f"{key}: {value}\n")
    if hasattr(out, "flush"):
        out.flush()
