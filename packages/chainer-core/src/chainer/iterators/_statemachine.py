"""The epoch and position bookkeeping shared by the iterators.

:class:`Cursor` keeps two positions over the dataset: the *consumer* state,
which is what the iterator has returned so far (``epoch``, ``epoch_detail``
... and what a snapshot saves), and the *producer* state, which may run ahead
when batches are prefetched. Orders drawn by the producer for epochs the
consumer has not reached yet are remembered, so that rewinding (after a
worker failure, an interrupt or loading a snapshot) replays the same orders
instead of drawing new ones. That is what makes resuming exact.
"""

from __future__ import annotations

import collections
import copy
import numbers

import numpy

from chainer import serializer as serializer_module

IteratorState = collections.namedtuple(
    "IteratorState", ("current_position", "epoch", "is_new_epoch", "order")
)
IteratorState.__doc__ = "Position of an iterator: where it is, in which epoch, in which order."


def check_batch_size(batch_size):
    """Validates the ``batch_size`` argument of an iterator."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(f"batch_size must be an int, not {type(batch_size).__name__}")
    if batch_size <= 0:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    return int(batch_size)


def resolve_order_sampler(shuffle, order_sampler):
    """Chooses the order sampler from the ``shuffle`` and ``order_sampler`` arguments.

    ``shuffle=None`` with no sampler means shuffling (Chainer's default);
    ``shuffle=False`` means the dataset's own order (no sampler).
    """
    from chainer.iterators.order_samplers import ShuffleOrderSampler

    if shuffle is not None:
        if order_sampler is not None:
            raise ValueError(
                "shuffle is not None and a custom order_sampler is given; pass shuffle=None "
                "to use the order sampler"
            )
        return ShuffleOrderSampler() if shuffle else None
    if order_sampler is None:
        return ShuffleOrderSampler()
    if not callable(order_sampler):
        raise TypeError(
            f"order_sampler must be callable (order, position) -> order, "
            f"not {type(order_sampler).__name__}"
        )
    return order_sampler


def _take(order, start, stop):
    if order is None:
        return numpy.arange(start, stop, dtype=numpy.intp)
    return order[start:stop]


class Cursor:
    """Epoch accounting of one iterator, with a producer that may run ahead.

    Args:
        dataset: The dataset (only its length is used).
        batch_size (int): Examples per batch.
        repeat (bool): Whether to loop over the dataset forever.
        order_sampler (callable or None): Draws the order of each epoch;
            ``None`` walks the dataset in index order.
    """

    def __init__(self, dataset, batch_size, repeat, order_sampler):
        self.dataset = dataset
        self.batch_size = batch_size
        self.repeat = repeat
        self.order_sampler = order_sampler
        self.state = None
        self.previous_epoch_detail = -1.0  # -1 stands for None (serializers lack None)
        self._producer = None
        self._ahead = collections.deque()  # orders drawn for in-flight batches
        self._replay = collections.deque()  # orders drawn earlier, to be reused first
        self.reset()

    # -- consumer side -----------------------------------------------------

    @property
    def epoch_size(self):
        order = self.state.order
        return len(self.dataset) if order is None else len(order)

    @property
    def epoch_detail(self):
        size = self.epoch_size
        if size == 0:
            return float(self.state.epoch)
        return self.state.epoch + self.state.current_position / size

    def reset(self):
        """Goes back to the start of the first epoch with a freshly drawn order."""
        n = len(self.dataset)
        order = None
        if self.order_sampler is not None:
            order = self._checked_order(self.order_sampler(numpy.arange(n), 0), n)
        self.state = IteratorState(0, 0, False, order)
        self.previous_epoch_detail = -1.0
        self._ahead.clear()
        self._replay.clear()
        self._producer = self.state

    def consume(self, ticket):
        """Moves the consumer to the state after a batch that ``produce`` returned."""
        state, n_draws = ticket
        self.previous_epoch_detail = self.epoch_detail
        self.state = state
        for _ in range(n_draws):
            self._ahead.popleft()

    def clone(self):
        """A copy at the consumer state, whose producer has not run ahead."""
        other = copy.copy(self)
        other._ahead = collections.deque()
        other._replay = collections.deque(list(self._ahead) + list(self._replay))
        other._producer = self.state
        return other

    def finish(self):
        """Records a ``StopIteration`` (the previous epoch detail moves on)."""
        self.previous_epoch_detail = self.epoch_detail

    def rewind(self):
        """Forgets the batches produced but not consumed; their orders will be replayed."""
        self._ahead.extend(self._replay)
        self._replay = self._ahead
        self._ahead = collections.deque()
        self._producer = self.state

    # -- producer side -----------------------------------------------------

    def produce(self):
        """Advances the producer by one batch.

        Returns:
            tuple: ``(indices, ticket)``: the dataset indices of the batch (an
            integer array) and the value to give :meth:`consume` when the
            batch is returned; ``(None, None)`` when a non-repeating iterator
            has finished its epoch.
        """
        n_ahead = len(self._ahead)
        try:
            state, indices = self._advance(self._producer)
        except BaseException:
            # Keep the orders drawn before the failure for the next attempt.
            while len(self._ahead) > n_ahead:
                self._replay.appendleft(self._ahead.pop())
            raise
        if indices is None:
            return None, None
        self._producer = state
        return indices, (state, len(self._ahead) - n_ahead)

    def _draw(self, order, position):
        if self._replay:
            new_order = self._replay.popleft()
        else:
            new_order = self.order_sampler(order, position)
        new_order = self._checked_order(new_order, len(order))
        self._ahead.append(new_order)
        return new_order

    @staticmethod
    def _checked_order(order, n):
        order = numpy.asarray(order)
        if order.ndim != 1 or order.dtype.kind not in "iu":
            raise ValueError(
                "the order sampler must return a 1-D integer array, got "
                f"shape {order.shape} and dtype {order.dtype}"
            )
        if len(order) != n:
            raise ValueError(
                f"the order sampler returned an order of length {len(order)}, but the "
                f"previous order has length {n}; the size of the order must stay the same"
            )
        return order

    def _advance(self, state):
        position, epoch, _, order = state
        if not self.repeat and epoch > 0:
            return state, None
        n = len(self.dataset) if order is None else len(order)
        if n == 0:
            if self.repeat:
                raise ValueError("cannot repeat over an empty dataset: the epoch size is 0")
            return state, None
        end = position + self.batch_size
        if not self.repeat:
            end = min(end, n)
        if end < n:  # the common case: the batch stays inside the epoch
            return IteratorState(end, epoch, False, order), _take(order, position, end)

        pieces = []
        while end >= n:
            pieces.append(_take(order, position, n))
            if order is not None:
                order = self._draw(order, position)
            epoch += 1
            position = 0
            if not self.repeat:
                end = 0
                break
            end -= n
        if end > 0:
            pieces.append(_take(order, 0, end))
        indices = pieces[0] if len(pieces) == 1 else numpy.concatenate(pieces)
        return IteratorState(end, epoch, True, order), indices

    # -- snapshots ---------------------------------------------------------

    def serialize(self, serializer):
        """Saves or restores the consumer state, the pending orders and the sampler.

        Returns:
            bool: ``True`` when the state was loaded (the caller drops its
            in-flight batches).
        """
        loading = isinstance(serializer, serializer_module.Deserializer)
        state = self.state
        position = int(serializer("current_position", state.current_position))
        epoch = int(serializer("epoch", state.epoch))
        is_new_epoch = bool(serializer("is_new_epoch", state.is_new_epoch))

        order = state.order
        if order is not None:
            # A copy: loading fills it in place and in-flight batches share ``order``.
            template = order.copy()
            try:
                order = serializer("order", template)
            except KeyError:
                order = serializer("_order", template)
            order = numpy.asarray(order)

        try:
            previous = serializer("previous_epoch_detail", self.previous_epoch_detail)
        except KeyError:
            previous = None
        if previous is None:  # an old snapshot: guess it from the position
            size = len(order) if order is not None else len(self.dataset)
            previous = epoch + (position - self.batch_size) / max(size, 1)
            previous = max(previous, 0.0) if epoch + position > 0 else -1.0
        previous = float(previous)

        pending = list(self._ahead) + list(self._replay)
        if loading:
            try:
                n_pending = int(serializer("n_pending_orders", 0))
            except KeyError:
                n_pending = 0
            pending = []
            for i in range(n_pending):
                stored = serializer(f"pending_order_{i}", None)
                if stored is None:
                    pending = []
                    break
                pending.append(numpy.asarray(stored))
        else:
            serializer("n_pending_orders", len(pending))
            for i, pending_order in enumerate(pending):
                serializer(f"pending_order_{i}", pending_order)

        sampler_serialize = getattr(self.order_sampler, "serialize", None)
        if callable(sampler_serialize):
            sampler_serialize(serializer["order_sampler"])

        if loading:
            self.state = IteratorState(position, epoch, is_new_epoch, order)
            self.previous_epoch_detail = previous
            self._ahead = collections.deque()
            self._replay = collections.deque(pending)
            self._producer = self.state
        return loading
