"""Order samplers: the callables that choose the order of an epoch's examples.

An iterator asks its order sampler for a new order when it starts and each
time an epoch ends. :class:`ShuffleOrderSampler` draws a random permutation;
write a subclass of :class:`OrderSampler` for other strategies (class
balancing, curriculum ...).
"""

from __future__ import annotations

import json

import numpy

from chainer import serializer as serializer_module

__all__ = ["OrderSampler", "ShuffleOrderSampler"]


class OrderSampler:
    """Base class of order samplers.

    An order sampler is called as ``sampler(current_order, current_position)``
    by an iterator when it is reset and whenever an epoch ends, and returns the
    order of the next epoch: a one-dimensional integer array of dataset
    indices. The returned order must have the same length as
    ``current_order``.

    A sampler that holds state (a random generator, say) may also define
    ``serialize(serializer)``; the iterators of :mod:`chainer.iterators` call
    it from their own ``serialize`` so that a resumed run draws the same
    orders as an uninterrupted one.
    """

    def __call__(self, current_order, current_position):
        """Returns the order of the next epoch.

        Args:
            current_order (numpy.ndarray): The order of the epoch that just
                ended (at reset, ``numpy.arange(len(dataset))``).
            current_position (int): The position of the iterator in
                ``current_order`` when the sampler is called.

        Returns:
            numpy.ndarray: The next order, of the same length as
            ``current_order``.

        Raises:
            NotImplementedError: always, in this base class.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement __call__")


class ShuffleOrderSampler(OrderSampler):
    """Order sampler that draws a uniformly random permutation for every epoch.

    The sampler's random state is part of the iterator's snapshot: its
    :meth:`serialize` saves the generator's state and a deserializer restores
    it, so an iterator resumed from a snapshot shuffles the following epochs
    exactly as the uninterrupted run would have. With ``random_state=None``
    the generator is NumPy's global :class:`~numpy.random.RandomState` (the one
    :func:`numpy.random.seed` seeds), so loading a snapshot then also restores
    that global state.

    Args:
        random_state (numpy.random.RandomState or numpy.random.Generator):
            The generator to draw permutations from. ``None`` uses NumPy's
            global ``RandomState``.
    """

    def __init__(self, random_state=None):
        if random_state is None:
            # The global RandomState behind numpy.random.seed / numpy.random.random.
            random_state = numpy.random.random.__self__
        if not hasattr(random_state, "permutation"):
            raise TypeError(
                "random_state must be a numpy.random.RandomState, a numpy.random.Generator or "
                f"None, not {type(random_state).__name__}"
            )
        self._random = random_state

    def __call__(self, current_order, current_position):
        """Returns a random permutation of ``range(len(current_order))``.

        Args:
            current_order (numpy.ndarray): The order of the epoch that ended.
            current_position (int): Unused.

        Returns:
            numpy.ndarray: A permutation of ``len(current_order)`` indices.
        """
        return self._random.permutation(len(current_order))

    def serialize(self, serializer):
        """Saves or restores the state of the random generator.

        The state is stored as the UTF-8 bytes of a JSON document (a ``uint8``
        array named ``random_state``), so any NPZ or HDF5 serializer can hold
        it without pickling. A snapshot without this entry leaves the
        generator as it is.

        Args:
            serializer (~chainer.AbstractSerializer): The serializer or
                deserializer.
        """
        if isinstance(serializer, serializer_module.Deserializer):
            try:
                stored = serializer("random_state", None)
            except KeyError:
                return
            if stored is None:
                return
            _set_random_state(self._random, _decode_state(stored))
        else:
            serializer("random_state", _encode_state(_get_random_state(self._random)))


def _get_random_state(random):
    if isinstance(random, numpy.random.RandomState):
        return random.get_state(legacy=False)
    if isinstance(random, numpy.random.Generator):
        return random.bit_generator.state
    raise TypeError(f"cannot serialize the state of a {type(random).__name__}")


def _set_random_state(random, state):
    if isinstance(random, numpy.random.RandomState):
        random.set_state(state)
    else:
        random.bit_generator.state = state


def _to_json(value):
    if isinstance(value, numpy.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": value.dtype.str}
    if isinstance(value, numpy.generic):
        return value.item()
    raise TypeError(f"cannot store a {type(value).__name__} in a random state")


def _from_json(obj):
    if "__ndarray__" in obj:
        return numpy.asarray(obj["__ndarray__"], dtype=numpy.dtype(obj["dtype"]))
    return obj


def _encode_state(state):
    text = json.dumps(state, default=_to_json)
    return numpy.frombuffer(text.encode("utf-8"), dtype=numpy.uint8).copy()


def _decode_state(stored):
    data = numpy.asarray(stored, dtype=numpy.uint8).tobytes()
    return json.loads(data.decode("utf-8"), object_hook=_from_json)
