"""The link hooks registered for the current thread (``with hook:`` blocks)."""

from __future__ import annotations

import threading

_state = threading.local()


def get_link_hooks():
    """The link hooks active in this thread: an insertion-ordered dict by name."""
    hooks = getattr(_state, "hooks", None)
    if hooks is None:
        hooks = _state.hooks = {}
    return hooks


def _peek():
    # The hot path of Link.__call__: no dict is created when none was ever registered.
    return getattr(_state, "hooks", None)
