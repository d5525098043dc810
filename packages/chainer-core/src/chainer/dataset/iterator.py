"""The base class of dataset iterators (Chainer v7's ``chainer.dataset.Iterator``)."""

from __future__ import annotations

__all__ = ["Iterator"]


class Iterator:
    """Base class of all dataset iterators.

    An iterator walks over a dataset and returns one minibatch (a list of
    examples) per call of :meth:`__next__`. Implementations usually also
    expose ``epoch``, ``epoch_detail``, ``is_new_epoch`` and
    ``previous_epoch_detail``, which the training loop reads, and save their
    position in :meth:`serialize` so that training resumes exactly.

    An iterator that holds resources (worker processes, threads, open files)
    releases them in :meth:`finalize`; using the iterator as a context
    manager calls :meth:`finalize` on exit.
    """

    def __iter__(self):
        """Returns the iterator itself."""
        return self

    def __next__(self):
        """Returns the next minibatch.

        Raises:
            StopIteration: when the iterator has no more minibatches (a
                non-repeating iterator at the end of its epoch).
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement __next__")

    def next(self):
        """Python 2-style alias of :meth:`__next__`."""
        return self.__next__()

    def finalize(self):
        """Releases the resources the iterator holds; does nothing by default.

        Call it when the iterator is no longer needed. It must be safe to
        call more than once.
        """

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.finalize()

    def serialize(self, serializer):
        """Saves or loads the iterator's state; does nothing by default.

        Args:
            serializer (~chainer.AbstractSerializer): the serializer or
                deserializer to use.
        """
