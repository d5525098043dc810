"""Lazy import of matplotlib for the plotting extensions."""

from __future__ import annotations

import importlib.util

__all__ = ["available", "get_pyplot"]

_INSTALL_HINT = 'pip install "chainer-core[plot]"'


def available():
    """bool: whether matplotlib can be imported."""
    return importlib.util.find_spec("matplotlib") is not None


def get_pyplot(owner):
    """Imports ``matplotlib.pyplot`` with the non-interactive Agg backend.

    Args:
        owner (str): the name of the extension, for the error message.

    Returns:
        module: ``matplotlib.pyplot``.

    Raises:
        ImportError: when matplotlib is not installed.
    """
    try:
        import matplotlib
    except ImportError as e:
        raise ImportError(
            f"{owner} needs matplotlib, which is not installed; install it with {_INSTALL_HINT}"
        ) from e
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
