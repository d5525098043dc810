"""Sequential: a link that applies its layers (links or plain callables) one after another."""

from __future__ import annotations

import copy as copy_module
import inspect

from chainer.link import ChainList, Link

__all__ = ["Sequential"]


def _layer_type_name(layer):
    if isinstance(layer, Link):
        return type(layer).__name__
    return getattr(layer, "__name__", type(layer).__name__)


def _layer_repr(layer):
    if getattr(layer, "__name__", None) == "<lambda>":
        try:
            return inspect.getsource(layer).strip()
        except (OSError, TypeError):
            return repr(layer)
    return str(layer)


class Sequential(ChainList):
    """Applies layers in order: ``Sequential(l1, F.relu, l2)(x) == l2(F.relu(l1(x)))``.

    A layer is a :class:`~chainer.Link` or any callable (a function, a
    lambda). When a layer returns a tuple, the tuple is unpacked into the
    next layer's arguments. The links among the layers are the children
    (named ``'0'``, ``'1'``, ... in the order of the links only), so their
    parameters are saved and moved like those of a :class:`ChainList`.

    Args:
        *layers: the layers.
    """

    def __init__(self, *layers):
        super().__init__()
        self._layers = []
        for layer in layers:
            self.append(layer)

    def _sync_children(self):
        self._children = [layer for layer in self._layers if isinstance(layer, Link)]
        self._rename()

    @staticmethod
    def _check_callable(layer):
        if not callable(layer):
            raise ValueError(f"every layer of a Sequential must be callable, but {layer!r} is not")

    def forward(self, *x):
        """Applies the layers in order.

        Args:
            *x: the arguments of the first layer.

        Returns:
            What the last layer returns (the input tuple unchanged when there are no layers).
        """
        for layer in self._layers:
            x = layer(*x) if isinstance(x, tuple) else layer(x)
        return x

    # -- the sequence ----------------------------------------------------------

    def __len__(self):
        return len(self._layers)

    def __getitem__(self, index):
        """The ``index``-th layer (a new Sequential for a slice)."""
        if isinstance(index, slice):
            return Sequential(*self._layers[index])
        return self._layers[index]

    def __setitem__(self, index, layer):
        if not isinstance(index, int):
            raise TypeError(f"Sequential indices must be integers, not {type(index).__name__}")
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} is out of range for {len(self)} layers")
        self._check_callable(layer)
        self._layers[index] = layer
        self._sync_children()

    def __delitem__(self, index):
        del self._layers[index]
        self._sync_children()

    def __iter__(self):
        return iter(self._layers)

    def __reversed__(self):
        return reversed(self._layers)

    def __contains__(self, layer):
        return any(x is layer for x in self._layers)

    def __add__(self, other):
        """A new Sequential with the layers of both (the layers themselves are shared)."""
        if not isinstance(other, Sequential):
            raise ValueError(
                f"+ joins Sequential objects only, but {type(other).__name__} was given"
            )
        return Sequential(*self._layers, *other._layers)

    def __iadd__(self, other):
        if not isinstance(other, Sequential):
            raise ValueError(
                f"+= joins Sequential objects only, but {type(other).__name__} was given"
            )
        self.extend(other)
        return self

    def insert(self, index, layer):
        """Inserts a layer before position ``index``.

        Raises:
            IndexError: for an index outside ``[-len, len]``.
            ValueError: for a layer that is not callable.
        """
        n = len(self._layers)
        if not -n <= index <= n:
            raise IndexError(f"index {index} is out of range for {n} layers")
        self._check_callable(layer)
        self._layers.insert(index, layer)
        self._sync_children()

    def append(self, layer):
        """Appends a layer."""
        self.insert(len(self._layers), layer)

    def add_link(self, link):
        """Appends a link (the same as :meth:`append`)."""
        if not isinstance(link, Link):
            raise TypeError(f"cannot register a non-link object ({type(link).__name__}) as a child")
        self.append(link)

    def extend(self, sequential):
        """Appends every layer of an iterable (typically another Sequential)."""
        for layer in list(sequential):
            self.append(layer)

    def pop(self, index=-1):
        """Removes and returns the layer at ``index`` (the last by default)."""
        layer = self._layers.pop(index)
        self._sync_children()
        return layer

    def remove(self, layer):
        """Removes the first occurrence of ``layer`` (compared by identity).

        Raises:
            ValueError: when ``layer`` is not a layer.
        """
        del self[self.index(layer)]

    def index(self, layer, start=0, stop=None):
        """The position of ``layer`` (compared by identity).

        Raises:
            ValueError: when ``layer`` is not a layer.
        """
        stop = len(self._layers) if stop is None else stop
        for i in range(*slice(start, stop).indices(len(self._layers))):
            if self._layers[i] is layer:
                return i
        raise ValueError(f"{layer!r} is not in this Sequential")

    def count(self, layer):
        """How many times ``layer`` occurs (compared by identity)."""
        return sum(1 for x in self._layers if x is layer)

    def clear(self):
        """Removes every layer."""
        self._layers = []
        self._sync_children()

    def reverse(self):
        """Reverses the layer order in place."""
        self._layers.reverse()
        self._sync_children()

    def remove_by_layer_type(self, type_name):
        """Removes every layer whose type name is ``type_name``.

        The name of a link is its class name (``'Linear'``); that of a
        function is its ``__name__`` (``'relu'``, ``'<lambda>'``).
        """
        self._layers = [x for x in self._layers if _layer_type_name(x) != type_name]
        self._sync_children()

    def count_by_layer_type(self, type_name):
        """How many layers have the type name ``type_name`` (see :meth:`remove_by_layer_type`)."""
        return sum(1 for x in self._layers if _layer_type_name(x) == type_name)

    def flatten(self):
        """A new Sequential in which nested Sequentials are replaced by their layers."""
        ret = Sequential()
        for layer in self._layers:
            if isinstance(layer, Sequential):
                ret.extend(layer.flatten())
            else:
                ret.append(layer)
        return ret

    def copy(self, mode="share"):
        """A new Sequential whose links are copied with :meth:`Link.copy` (``mode``).

        Plain callables are shared.
        """
        return Sequential(
            *[
                layer.copy(mode) if isinstance(layer, Link) else copy_module.copy(layer)
                for layer in self._layers
            ]
        )

    def __str__(self):
        lines = []
        for i, layer in enumerate(self._layers):
            for line in f"({i}): {_layer_repr(layer)},".splitlines():
                lines.append(f"  {line}\n")
        body = ("\n" + "".join(lines)) if lines else ""
        return f"{type(self).__name__}({body})"

    __repr__ = __str__
