"""Which function hooks are active: the thread's global ones and a node's own."""

from __future__ import annotations

import threading


class _HookState(threading.local):
    """Per-thread registry of global function hooks (an ordered dict by name)."""

    def __init__(self):
        self.hooks = {}


_state = _HookState()


def global_hooks():
    """The function hooks registered for this thread (an ordered dict by name)."""
    return _state.hooks


def active_hooks(node):
    """The hooks that apply to ``node``: global ones first, then its local ones."""
    hooks = _state.hooks
    local = node._local_function_hooks
    if not hooks and not local:
        return ()
    ret = list(hooks.values()) if hooks else []
    if local:
        ret.extend(local.values())
    return ret


def get_function_hooks():
    """The function hooks registered for this thread (Chainer v7's name)."""
    return global_hooks()
