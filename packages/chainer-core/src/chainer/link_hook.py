"""LinkHook: callbacks around the forward of links."""

from __future__ import annotations

from chainer import _link_hooks


class _ForwardPreprocessCallbackArgs:
    """What :meth:`LinkHook.forward_preprocess` receives.

    Attributes:
        link (~chainer.Link): the link being called.
        forward_name (str): the name of the method called (``'forward'``).
        args (tuple): the positional arguments of the call.
        kwargs (dict): the keyword arguments of the call.
    """

    def __init__(self, link, forward_name, args, kwargs):
        self.link = link
        self.forward_name = forward_name
        self.args = args
        self.kwargs = kwargs

    def __repr__(self):
        return (
            f"<{type(self).__name__} link={self.link.__class__.__name__} "
            f"forward_name={self.forward_name!r}>"
        )


class _ForwardPostprocessCallbackArgs(_ForwardPreprocessCallbackArgs):
    """What :meth:`LinkHook.forward_postprocess` receives.

    Attributes:
        link, forward_name, args, kwargs: as for the preprocess callback.
        out: what the forward returned.
    """

    def __init__(self, link, forward_name, args, kwargs, out):
        super().__init__(link, forward_name, args, kwargs)
        self.out = out


class LinkHook:
    """Base class of link hooks.

    A hook is either registered on one link (:meth:`Link.add_hook`) or made
    active for every link called in a ``with hook:`` block of the current
    thread. Subclasses override the callbacks they need.

    Attributes:
        name (str): the key under which the hook is registered.
    """

    name = "LinkHook"

    def __enter__(self):
        hooks = _link_hooks.get_link_hooks()
        if self.name in hooks:
            raise KeyError(f"link hook {self.name!r} already exists")
        hooks[self.name] = self
        self.added(None)
        return self

    def __exit__(self, *exc_info):
        hooks = _link_hooks.get_link_hooks()
        hooks[self.name].deleted(None)
        del hooks[self.name]

    def added(self, link):
        """Called when the hook is registered.

        Args:
            link (~chainer.Link or None): the link it was added to; None for
                a global (``with``) registration.
        """

    def deleted(self, link):
        """Called when the hook is unregistered.

        Args:
            link (~chainer.Link or None): the link it was removed from; None
                for a global registration.
        """

    def forward_preprocess(self, args):
        """Called before a link's forward.

        Args:
            args: an object with ``link``, ``forward_name``, ``args`` and ``kwargs``.
        """

    def forward_postprocess(self, args):
        """Called after a link's forward.

        Args:
            args: an object with ``link``, ``forward_name``, ``args``,
                ``kwargs`` and ``out`` (the forward's result).
        """
