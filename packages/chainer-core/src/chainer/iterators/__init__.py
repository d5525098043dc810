"""Iterators: objects that walk a dataset and return minibatches.

:class:`SerialIterator` reads examples in the calling thread,
:class:`MultithreadIterator` with a pool of threads and
:class:`MultiprocessIterator` with worker processes and shared memory;
:class:`DaliIterator` wraps an NVIDIA DALI pipeline. The order of each epoch
comes from an order sampler (:class:`ShuffleOrderSampler` by default).
All of them count epochs the same way and save their exact position,
including the order of the current epoch, in snapshots.
"""

from chainer.iterators.dali_iterator import DaliIterator
from chainer.iterators.multiprocess_iterator import MultiprocessIterator
from chainer.iterators.multithread_iterator import MultithreadIterator
from chainer.iterators.order_samplers import OrderSampler, ShuffleOrderSampler
from chainer.iterators.serial_iterator import SerialIterator

__all__ = [
    "DaliIterator",
    "MultiprocessIterator",
    "MultithreadIterator",
    "OrderSampler",
    "SerialIterator",
    "ShuffleOrderSampler",
]
