"""Base classes of serializers and deserializers.

An object that can be saved and restored defines ``serialize(serializer)``
and, inside it, calls ``serializer(key, value)`` for every value it owns and
``child.serialize(serializer[name])`` for every child object. The same method
serves both directions: a :class:`Serializer` stores the values it is given,
a :class:`Deserializer` returns the stored ones. Concrete formats (NPZ, HDF5)
live in :mod:`chainer.serializers`.
"""

from __future__ import annotations


class AbstractSerializer:
    """The common interface of serializers and deserializers.

    A serializer is a tree: ``serializer[key]`` is the child serializer for a
    sub-object, and ``serializer(key, value)`` handles one value at this level.
    Subclasses implement both operators.
    """

    def __getitem__(self, key):
        """Returns the child serializer for the sub-object named ``key``.

        Args:
            key (str): the name of the child.

        Returns:
            AbstractSerializer: a serializer of the same kind whose values are
            stored under ``key``.

        Raises:
            NotImplementedError: always, in this base class.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement __getitem__")

    def __call__(self, key, value):
        """Saves or loads one value named ``key``.

        Args:
            key (str): the name of the value at this level of the tree.
            value: the value to save (a serializer), or the current value,
                whose type and array the loaded value is written into
                (a deserializer). ``None`` asks a deserializer to return the
                stored value as a new object.

        Returns:
            For a serializer, ``value``; for a deserializer, the loaded value
            (the updated ``value`` when it is an array that was filled in place).

        Raises:
            NotImplementedError: always, in this base class.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement __call__")


class Serializer(AbstractSerializer):
    """Base class of serializers: objects that store values.

    Subclasses implement :meth:`__getitem__` and :meth:`__call__`; the latter
    stores ``value`` under ``key`` and returns it unchanged.
    """

    def save(self, obj):
        """Saves an object with this serializer.

        This is the same as ``obj.serialize(self)``.

        Args:
            obj: any object with a ``serialize(serializer)`` method (a
                :class:`~chainer.Link`, an optimizer, a trainer ...).
        """
        obj.serialize(self)


class Deserializer(AbstractSerializer):
    """Base class of deserializers: objects that load stored values.

    Subclasses implement :meth:`__getitem__` and :meth:`__call__`; the latter
    returns the value stored under ``key``, copied into ``value`` when that is
    an array.
    """

    def load(self, obj):
        """Loads the state of an object with this deserializer.

        This is the same as ``obj.serialize(self)``.

        Args:
            obj: any object with a ``serialize(serializer)`` method (a
                :class:`~chainer.Link`, an optimizer, a trainer ...).
        """
        obj.serialize(self)
