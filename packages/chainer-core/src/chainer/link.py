"""Link, Chain and ChainList: the building blocks of models.

A :class:`Link` holds :class:`~chainer.Parameter` objects and persistent
values (arrays or scalars saved with the model but not learned). A
:class:`Chain` holds named child links, a :class:`ChainList` an ordered list
of them, so a model is a tree of links whose parameters are named by their
path (``'/encoder/l1/W'``).
"""

from __future__ import annotations

import contextlib
import copy as copy_module
import warnings

import numpy

import chainer
from chainer import _array_types, _link_hooks, initializers, link_hook
from chainer.device_resident import DeviceResident
from chainer.parameter import Parameter

__all__ = ["Chain", "ChainList", "Link"]

_COPY_MODES = ("share", "copy", "init")


def _indent_children(pairs):
    """Formats ``(key, child)`` pairs as the indented body of a tree printout."""
    lines = []
    for key, child in pairs:
        for line in f"({key}): {child},".splitlines():
            lines.append(f"  {line}\n")
    return ("\n" + "".join(lines)) if lines else ""


def _shape_and_dtype(value):
    # Link(name=shape) or Link(name=(shape, dtype)): Chainer v1's way to declare params.
    if isinstance(value, tuple) and len(value) == 2 and not isinstance(value[1], int):
        shape, dtype = value
        if isinstance(shape, (int, tuple)) or shape is None:
            return shape, dtype
    return value, numpy.float32


class Link(DeviceResident):
    """A building block of models that owns parameters and persistent values.

    Parameters assigned as attributes inside :meth:`init_scope` are
    registered::

        class Scale(chainer.Link):
            def __init__(self, n):
                super().__init__()
                with self.init_scope():
                    self.W = chainer.Parameter(1.0, (n,))

            def forward(self, x):
                return x * self.W

    Calling a link (``link(x)``) runs its ``forward`` between the
    ``forward_preprocess`` and ``forward_postprocess`` callbacks of the
    active link hooks.

    Args:
        **params: Chainer v1's parameter declarations, ``name=shape`` or
            ``name=(shape, dtype)``: each becomes an uninitialized parameter
            (prefer :meth:`init_scope`).

    Attributes:
        name (str or None): the link's name in its parent (None at the root).
    """

    def __init__(self, **params):
        super().__init__()
        self._params = set()
        self._persistent = set()
        self._within_init_scope = False
        self._local_link_hooks = None
        self.name = None
        for name, value in params.items():
            shape, dtype = _shape_and_dtype(value)
            self.add_param(name, shape, dtype=dtype)

    # -- registration --------------------------------------------------------

    @property
    def within_init_scope(self):
        """bool: whether attribute assignments currently register parameters and links."""
        return getattr(self, "_within_init_scope", False)

    @contextlib.contextmanager
    def init_scope(self):
        """A context in which assigned Parameters (and, for a Chain, Links) are registered."""
        old = self.within_init_scope
        self._within_init_scope = True
        try:
            yield
        finally:
            self._within_init_scope = old

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Parameter):
            value.name = name
            self._params.add(name)
            self._persistent.discard(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self._params.discard(name)
        self._persistent.discard(name)
        super().__delattr__(name)

    def add_param(self, name, shape=None, dtype=numpy.float32, initializer=None):
        """Registers a new parameter (Chainer v1 style; prefer :meth:`init_scope`).

        Args:
            name (str): the attribute name.
            shape (int or tuple of ints or None): the shape; None defers
                initialization until :meth:`Parameter.initialize`.
            dtype: the dtype used when ``initializer`` is None (NaN fill).
            initializer: an initializer, an array or a scalar.

        Raises:
            AttributeError: when the attribute already exists.
        """
        if name in self.__dict__:
            raise AttributeError(f"cannot register a new parameter {name}: attribute exists")
        if initializer is None:
            initializer = initializers.NaN(dtype)
        param = Parameter(initializer, shape)
        if not isinstance(self.device, chainer.backend.CpuDevice):
            param.to_device(self.device)
        with self.init_scope():
            setattr(self, name, param)

    def add_persistent(self, name, value):
        """Registers a persistent value: saved and moved with the link, not learned.

        Args:
            name (str): the attribute name.
            value: an array or a scalar (anything a serializer can store).

        Raises:
            AttributeError: when the attribute already exists.
        """
        d = self.__dict__
        if name in d:
            raise AttributeError(f"cannot register a new persistent value {name}: attribute exists")
        self._persistent.add(name)
        self._params.discard(name)
        d[name] = value

    def register_persistent(self, name):
        """Marks an existing attribute as persistent.

        Raises:
            AttributeError: when there is no such attribute.
        """
        if not hasattr(self, name):
            raise AttributeError(
                f"cannot register non-existent attribute {name} as a persistent value"
            )
        self._persistent.add(name)
        self._params.discard(name)

    # -- calling ---------------------------------------------------------------

    @property
    def local_link_hooks(self):
        """dict: the hooks registered on this link only, by name (insertion-ordered)."""
        if self._local_link_hooks is None:
            self._local_link_hooks = {}
        return self._local_link_hooks

    def __call__(self, *args, **kwargs):
        hooks = _link_hooks._peek()
        local = self._local_link_hooks
        if local:
            hooks = {**hooks, **local} if hooks else local
        if not hooks:
            return self._forward_method()(*args, **kwargs)
        hooks = list(hooks.values())
        pre = link_hook._ForwardPreprocessCallbackArgs(self, "forward", args, kwargs)
        for hook in hooks:
            hook.forward_preprocess(pre)
        out = self._forward_method()(*args, **kwargs)
        post = link_hook._ForwardPostprocessCallbackArgs(self, "forward", args, kwargs, out)
        for hook in hooks:
            hook.forward_postprocess(post)
        return out

    def _forward_method(self):
        forward = getattr(self, "forward", None)
        if forward is None:
            raise TypeError(f"{type(self).__name__} cannot be called: it defines no forward method")
        return forward

    def add_hook(self, hook, name=None):
        """Registers a link hook on this link only.

        Args:
            hook (~chainer.LinkHook): the hook.
            name (str): its key; ``hook.name`` by default.

        Returns:
            Link: ``self``.

        Raises:
            TypeError: when ``hook`` is not a LinkHook.
            KeyError: when a hook of that name is already registered.
        """
        if not isinstance(hook, link_hook.LinkHook):
            raise TypeError(f"hook must be a LinkHook, not {type(hook).__name__}")
        name = hook.name if name is None else name
        hooks = self.local_link_hooks
        if name in hooks:
            raise KeyError(f"hook {name!r} already exists")
        hooks[name] = hook
        hook.added(self)
        return self

    def delete_hook(self, name):
        """Unregisters the local hook ``name``.

        Raises:
            KeyError: when no such hook is registered.
        """
        hooks = self.local_link_hooks
        if name not in hooks:
            raise KeyError(f"hook {name!r} does not exist")
        hooks[name].deleted(self)
        del hooks[name]

    @classmethod
    def from_params(cls, *args, **kwargs):
        """Builds a link from existing parameter arrays (implemented by some links)."""
        raise NotImplementedError(f"{cls.__name__} does not implement from_params")

    # -- the tree ------------------------------------------------------------

    def params(self, include_uninit=True):
        """Yields the parameters of this link and its descendants.

        Args:
            include_uninit (bool): also yield parameters whose data is not allocated yet.
        """
        d = self.__dict__
        for name in sorted(self._params):
            if include_uninit or d[name].array is not None:
                yield d[name]

    def namedparams(self, include_uninit=True):
        """Yields ``(path, parameter)`` pairs, the path like ``'/l1/W'``.

        Args:
            include_uninit (bool): also yield uninitialized parameters.
        """
        d = self.__dict__
        for name in sorted(self._params):
            if include_uninit or d[name].array is not None:
                yield "/" + name, d[name]

    def links(self, skipself=False):
        """Yields this link (unless ``skipself``) and all its descendants."""
        if not skipself:
            yield self

    def namedlinks(self, skipself=False):
        """Yields ``(path, link)`` pairs; this link's own path is ``'/'``."""
        if not skipself:
            yield "/", self

    def children(self):
        """Yields the direct child links (none for a plain Link)."""
        yield from ()

    def device_resident_accept(self, visitor):
        """Hands this link, its parameters and its persistent arrays to ``visitor``."""
        super().device_resident_accept(visitor)
        d = self.__dict__
        for name in self._params:
            visitor.visit_variable(d[name])
        for name in self._persistent:
            value = d[name]
            if isinstance(value, _array_types.ARRAY_TYPES):
                d[name] = visitor.visit_array(value)

    # -- copies and gradients --------------------------------------------------

    def copy(self, mode="share"):
        """Returns a copy of this link (and of its descendants).

        Args:
            mode (str): ``'share'``: new Parameter objects that share the
                arrays (gradients cleared); ``'copy'``: a deep copy of every
                array; ``'init'``: a deep copy whose initialized parameters are
                filled again by their initializers.

        Returns:
            Link: the copy, with ``name`` None.

        Raises:
            ValueError: for another mode.
        """
        if mode not in _COPY_MODES:
            raise ValueError(f"mode must be 'share', 'copy' or 'init', not {mode!r}")
        if mode == "share":
            ret = copy_module.copy(self)
            ret._params = set(self._params)
            ret._persistent = set(self._persistent)
            if self._local_link_hooks is not None:
                ret._local_link_hooks = dict(self._local_link_hooks)
            d = ret.__dict__
            for name in ret._params:
                param = copy_module.copy(d[name])
                param.grad = None
                d[name] = param
        else:
            # Children are copied by the subclass (from the originals); keep them as they are.
            memo = {id(child): child for child in self.children()}
            ret = copy_module.deepcopy(self, memo)
        ret.name = None
        if mode == "init":
            for name in ret._params:
                param = ret.__dict__[name]
                if param.array is not None:
                    param.initialize(param.shape)
        return ret

    def copyparams(self, link, copy_persistent=True):
        """Copies the parameter values (and persistent values) of ``link`` into this link.

        The two links must have the same structure; arrays are copied
        across devices if needed.

        Args:
            link (Link): the source.
            copy_persistent (bool): also copy persistent values.
        """
        src = link.__dict__
        dst = self.__dict__
        for name in self._params:
            dst[name].copydata(src[name])
        if copy_persistent:
            for name in self._persistent:
                d, s = dst[name], src[name]
                if isinstance(d, _array_types.ARRAY_TYPES) and isinstance(
                    s, _array_types.ARRAY_TYPES
                ):
                    chainer.backend.copyto(d, s)
                else:
                    dst[name] = copy_module.deepcopy(s)

    def addgrads(self, link):
        """Adds the gradients of ``link``'s parameters to this link's (same structure)."""
        src = link.__dict__
        dst = self.__dict__
        for name in self._params:
            dst[name].addgrad(src[name])

    def cleargrads(self):
        """Sets every parameter's gradient to None."""
        for param in self.params():
            param.cleargrad()

    def zerograds(self):
        """Fills every parameter's gradient with zeros (deprecated: use :meth:`cleargrads`)."""
        warnings.warn(
            "Link.zerograds is deprecated; use Link.cleargrads instead",
            DeprecationWarning,
            stacklevel=2,
        )
        for param in self.params():
            param.zerograd()

    def enable_update(self):
        """Lets optimizers update every parameter (sets ``update_rule.enabled``)."""
        self._set_update(True)

    def disable_update(self):
        """Stops optimizers from updating the parameters (until :meth:`enable_update`)."""
        self._set_update(False)

    def _set_update(self, enabled):
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = enabled

    @property
    def update_enabled(self):
        """bool: whether some parameter has an enabled update rule."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None and rule.enabled:
                return True
        return False

    def count_params(self):
        """The number of scalars in the initialized parameters (warns about uninitialized ones).

        Returns:
            int: the total size.
        """
        size = 0
        for name, param in self.namedparams():
            if param.array is None:
                warnings.warn(
                    f"parameter {name!r} is not initialized; it is left out of the count",
                    stacklevel=2,
                )
                continue
            size += param.size
        return size

    def repeat(self, n_repeat, mode="init"):
        """A :class:`~chainer.Sequential` of ``n_repeat`` copies of this link.

        Args:
            n_repeat (int): the number of copies (0 or less gives an empty Sequential).
            mode (str): the :meth:`copy` mode of each copy.

        Returns:
            ~chainer.Sequential: the copies, in order.
        """
        from chainer.sequential import Sequential

        ret = Sequential()
        if n_repeat <= 0:
            return ret
        if mode not in _COPY_MODES:
            raise ValueError(f"mode must be 'share', 'copy' or 'init', not {mode!r}")
        for _ in range(n_repeat):
            ret.append(self.copy(mode))
        return ret

    # -- serialization -----------------------------------------------------

    def serialize(self, serializer):
        """Saves or loads the parameters and persistent values.

        ``serializer(key, value)`` stores ``value`` (saving) or returns the
        stored value (loading); ``serializer[name]`` is the serializer of a
        child. An uninitialized parameter takes its shape from the loaded
        array and is initialized on its own device.

        Args:
            serializer: a :class:`~chainer.Serializer` or :class:`~chainer.Deserializer`.
        """
        d = self.__dict__
        for name in sorted(self._params):
            param = d[name]
            data = serializer(name, param.array)
            if param.array is None and data is not None:
                param.initialize(data.shape)
                chainer.backend.copyto(param.array, data)
        for name in sorted(self._persistent):
            d[name] = serializer(name, d[name])

    # -- printing ------------------------------------------------------------

    @property
    def printable_specs(self):
        """Yields ``(name, value)`` pairs shown by ``str(link)`` (none by default)."""
        yield from ()

    def __str__(self):
        specs = ", ".join(f"{k}={v}" for k, v in self.printable_specs)
        return f"{type(self).__name__}({specs})"

    __repr__ = __str__


class Chain(Link):
    """A link with named child links, registered inside :meth:`init_scope`::

        class MLP(chainer.Chain):
            def __init__(self):
                super().__init__()
                with self.init_scope():
                    self.l1 = L.Linear(None, 100)
                    self.l2 = L.Linear(100, 10)

    Args:
        **links: child links to register under the given names.
    """

    def __init__(self, **links):
        super().__init__()
        self._children = set()
        for name, link in links.items():
            self.add_link(name, link)

    def __getitem__(self, name):
        """The attribute ``name`` (typically a child link)."""
        return getattr(self, name)

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            if hasattr(self, name):
                raise AttributeError(f"cannot register a new link {name}: attribute exists")
            value.name = name
            self._children.add(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self._children.discard(name)
        super().__delattr__(name)

    def add_link(self, name, link):
        """Registers a child link (Chainer v1 style; prefer :meth:`init_scope`).

        Raises:
            AttributeError: when the attribute already exists.
            TypeError: when ``link`` is not a Link.
        """
        if name in self.__dict__:
            raise AttributeError(f"cannot register a new link {name}: attribute exists")
        if not isinstance(link, Link):
            raise TypeError(f"cannot register a non-link object ({type(link).__name__}) as a child")
        with self.init_scope():
            setattr(self, name, link)

    def _named_children(self):
        d = self.__dict__
        return [(name, d[name]) for name in sorted(self._children)]

    def params(self, include_uninit=True):
        yield from super().params(include_uninit)
        for _, child in self._named_children():
            yield from child.params(include_uninit)

    def namedparams(self, include_uninit=True):
        yield from super().namedparams(include_uninit)
        for key, child in self._named_children():
            prefix = "/" + key
            for path, param in child.namedparams(include_uninit):
                yield prefix + path, param

    def links(self, skipself=False):
        if not skipself:
            yield self
        for _, child in self._named_children():
            yield from child.links()

    def namedlinks(self, skipself=False):
        if not skipself:
            yield "/", self
        for key, child in self._named_children():
            prefix = "/" + key
            yield prefix, child
            for path, link in child.namedlinks(True):
                yield prefix + path, link

    def children(self):
        for _, child in self._named_children():
            yield child

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for _, child in self._named_children():
            child.device_resident_accept(visitor)

    def copy(self, mode="share"):
        ret = super().copy(mode)
        ret._children = set(self._children)
        d = ret.__dict__
        for name in ret._children:
            child = self.__dict__[name].copy(mode)
            child.name = name
            d[name] = child
        return ret

    def copyparams(self, link, copy_persistent=True):
        super().copyparams(link, copy_persistent)
        src = link.__dict__
        for key, child in self._named_children():
            child.copyparams(src[key], copy_persistent)

    def addgrads(self, link):
        super().addgrads(link)
        src = link.__dict__
        for key, child in self._named_children():
            child.addgrads(src[key])

    def serialize(self, serializer):
        super().serialize(serializer)
        for key, child in self._named_children():
            child.serialize(serializer[key])

    def __str__(self):
        body = _indent_children((child.name, child) for child in self.children())
        return f"{type(self).__name__}({body})"

    __repr__ = __str__


class ChainList(Link):
    """A link with an ordered list of child links, named ``'0'``, ``'1'``, ...

    It behaves as a mutable sequence of links (``append``, ``insert``,
    indexing, ``len``, iteration ...).

    Args:
        *links: the initial child links.
    """

    def __init__(self, *links):
        super().__init__()
        self._children = []
        for link in links:
            self.add_link(link)

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            raise TypeError(
                "cannot register a new link within a 'with chainlist.init_scope():' block; "
                "use append() or add_link()"
            )
        super().__setattr__(name, value)

    def _rename(self):
        for i, child in enumerate(self._children):
            child.name = str(i)

    def __getitem__(self, index):
        """The ``index``-th child (a list of children for a slice)."""
        return self._children[index]

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            value = list(value)
            if not all(isinstance(v, Link) for v in value):
                raise TypeError("every value assigned into a ChainList must be a Link")
        elif not isinstance(value, Link):
            raise TypeError(f"value must be a Link, not {type(value).__name__}")
        self._children[index] = value
        self._rename()

    def __delitem__(self, index):
        del self._children[index]
        self._rename()

    def __iter__(self):
        return iter(self._children)

    def __len__(self):
        return len(self._children)

    def __contains__(self, link):
        return any(child is link for child in self._children)

    def __reversed__(self):
        return reversed(self._children)

    def __iadd__(self, links):
        self.extend(links)
        return self

    def add_link(self, link):
        """Appends a child link.

        Raises:
            TypeError: when ``link`` is not a Link.
        """
        if not isinstance(link, Link):
            raise TypeError(f"cannot register a non-link object ({type(link).__name__}) as a child")
        link.name = str(len(self._children))
        self._children.append(link)

    def append(self, link):
        """Appends a child link (the same as :meth:`add_link`)."""
        self.add_link(link)

    def insert(self, index, link):
        """Inserts a child link before position ``index``."""
        if not isinstance(link, Link):
            raise TypeError(f"cannot register a non-link object ({type(link).__name__}) as a child")
        self._children.insert(index, link)
        self._rename()

    def extend(self, links):
        """Appends each link of an iterable."""
        for link in list(links):
            self.append(link)

    def pop(self, index=-1):
        """Removes and returns the child at ``index`` (the last by default)."""
        link = self._children.pop(index)
        self._rename()
        return link

    def remove(self, link):
        """Removes the child ``link`` (compared by identity).

        Raises:
            ValueError: when ``link`` is not a child.
        """
        del self[self.index(link)]

    def index(self, link, start=0, stop=None):
        """The position of the child ``link`` (compared by identity).

        Raises:
            ValueError: when ``link`` is not a child.
        """
        stop = len(self._children) if stop is None else stop
        for i in range(*slice(start, stop).indices(len(self._children))):
            if self._children[i] is link:
                return i
        raise ValueError(f"{link!r} is not in this ChainList")

    def count(self, link):
        """How many times ``link`` is a child (compared by identity)."""
        return sum(1 for child in self._children if child is link)

    def clear(self):
        """Removes every child."""
        del self._children[:]

    def reverse(self):
        """Reverses the order of the children in place (renaming them)."""
        self._children.reverse()
        self._rename()

    def params(self, include_uninit=True):
        yield from super().params(include_uninit)
        for child in self._children:
            yield from child.params(include_uninit)

    def namedparams(self, include_uninit=True):
        yield from super().namedparams(include_uninit)
        for i, child in enumerate(self._children):
            prefix = f"/{i}"
            for path, param in child.namedparams(include_uninit):
                yield prefix + path, param

    def links(self, skipself=False):
        if not skipself:
            yield self
        for child in self._children:
            yield from child.links()

    def namedlinks(self, skipself=False):
        if not skipself:
            yield "/", self
        for i, child in enumerate(self._children):
            prefix = f"/{i}"
            yield prefix, child
            for path, link in child.namedlinks(True):
                yield prefix + path, link

    def children(self):
        yield from self._children

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for child in self._children:
            child.device_resident_accept(visitor)

    def copy(self, mode="share"):
        ret = super().copy(mode)
        ret._children = [child.copy(mode) for child in self._children]
        ret._rename()
        return ret

    def copyparams(self, link, copy_persistent=True):
        super().copyparams(link, copy_persistent)
        for i, child in enumerate(self._children):
            child.copyparams(link[i], copy_persistent)

    def addgrads(self, link):
        super().addgrads(link)
        for i, child in enumerate(self._children):
            child.addgrads(link[i])

    def serialize(self, serializer):
        super().serialize(serializer)
        for i, child in enumerate(self._children):
            child.serialize(serializer[str(i)])

    def __str__(self):
        body = _indent_children(enumerate(self._children))
        return f"{type(self).__name__}({body})"

    __repr__ = __str__
