"""Link hooks: observers (and modifiers) of links' forward calls."""

from chainer.link_hooks.timer import TimerHook

__all__ = ["TimerHook"]
