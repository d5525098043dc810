"""FunctionHook: callbacks around the forward and backward of every function node."""

from __future__ import annotations

from chainer import _function_hooks


class FunctionHook:
    """Base class of function hooks.

    Use a hook as a context manager to apply it to every function called in a
    block of the current thread (``with TimerHook() as hook: ...``), or
    register it on one node with :meth:`FunctionNode.add_hook`. Subclasses
    override the callbacks they need.

    Attributes:
        name (str): the key of the hook among the registered ones.
    """

    name = "FunctionHook"

    def __enter__(self):
        hooks = _function_hooks.global_hooks()
        if self.name in hooks:
            raise KeyError(f"function hook {self.name!r} is already registered")
        hooks[self.name] = self
        self.added(None)
        return self

    def __exit__(self, *_):
        self.deleted(None)
        del _function_hooks.global_hooks()[self.name]

    def added(self, function=None):
        """Called when the hook is registered (``function`` is None for a global hook)."""

    def deleted(self, function=None):
        """Called when the hook is removed (``function`` is None for a global hook)."""

    def forward_preprocess(self, function, in_data):
        """Called before a node's forward, with its input arrays."""

    def forward_postprocess(self, function, in_data):
        """Called after a node's forward, with its input arrays."""

    def backward_preprocess(self, function, in_data, out_grad):
        """Called before a node's backward, with its (retained) inputs and output grads."""

    def backward_postprocess(self, function, in_data, out_grad):
        """Called after a node's backward, with its (retained) inputs and output grads."""
