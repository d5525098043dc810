"""Loading of backend plugins from the ``chainer.plugins`` entry-point group.

chainer never imports a sister package by name. A plugin distribution (today
chainer-mkldnn) declares an entry point in the ``chainer.plugins`` group whose
object is a callable taking no arguments; it is called once, the first time a
plugin device (``'@intel64'``) or configuration (``use_ideep != 'never'``)
asks for it, and registers what it provides (kernels, availability).
"""

from __future__ import annotations

import threading
from importlib import metadata

GROUP = "chainer.plugins"

_lock = threading.Lock()
_loaded: dict[str, object] = {}
_errors: dict[str, BaseException] = {}
_done = False


def load_plugins():
    """Loads every installed plugin once; returns the names of those loaded.

    A plugin that fails to load is recorded in :func:`plugin_errors` rather
    than raised, so one broken plugin does not break chainer; the code that
    needs it reports the recorded error.
    """
    global _done
    if _done:
        return tuple(_loaded)
    with _lock:
        if not _done:
            for entry in metadata.entry_points(group=GROUP):
                if entry.name in _loaded or entry.name in _errors:
                    continue
                try:
                    setup = entry.load()
                    _loaded[entry.name] = setup()
                except Exception as error:  # reported by whoever needs the plugin
                    _errors[entry.name] = error
            _done = True
    return tuple(_loaded)


def plugin_errors():
    """Errors raised while loading plugins, by entry-point name."""
    return dict(_errors)


def installed_plugins():
    """Names of the installed plugin entry points (without loading them)."""
    return tuple(entry.name for entry in metadata.entry_points(group=GROUP))
