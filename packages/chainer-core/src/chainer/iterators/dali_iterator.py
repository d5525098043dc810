"""An iterator over an NVIDIA DALI pipeline (experimental)."""

from __future__ import annotations

from chainer import utils
from chainer.dataset import iterator

__all__ = ["DaliIterator"]


class DaliIterator(iterator.Iterator):
    """(Experimental) Iterator that runs an NVIDIA DALI pipeline.

    DALI (``nvidia-dali``, not a dependency of Chainer) reads and augments
    data on the GPU; the pipeline itself decides the order of the examples.
    This iterator only builds the pipeline on first use, runs it once per
    batch and counts epochs from the pipeline's epoch size. It does not
    import DALI: any object with the methods used below works.

    Args:
        pipeline: A DALI pipeline: an object with ``build()``,
            ``run()`` (returns one batch), ``epoch_size()`` (a dict whose
            first value is the number of examples in an epoch) and a
            ``batch_size`` attribute.
        repeat (bool): If ``True``, it loops forever. Otherwise, it stops
            iteration at the end of the first epoch.

    Attributes:
        pipeline: The pipeline.
        epoch_size (int): Examples per epoch, known after the first batch.
        current_position (int): Position within the current epoch.
        epoch (int): Number of completed epochs.
        is_new_epoch (bool): ``True`` if the last batch completed an epoch.
    """

    def __init__(self, pipeline, repeat=True):
        utils.experimental("chainer.iterators.DaliIterator")
        self.pipeline = pipeline
        self._repeat = bool(repeat)
        self._built = False
        self.epoch_size = 1  # replaced by the pipeline's value when it is built
        self.reset()

    def __next__(self):
        """Runs the pipeline once and returns its output.

        Raises:
            StopIteration: when ``repeat`` is ``False`` and the epoch is over.
        """
        if not self._built:
            self.pipeline.build()
            self._built = True
            sizes = tuple(self.pipeline.epoch_size().values())
            if not sizes or sizes[0] <= 0:
                raise ValueError(f"the DALI pipeline reports no positive epoch size: {sizes!r}")
            self.epoch_size = int(sizes[0])
        if not self._repeat and self.epoch > 0:
            raise StopIteration
        self._previous_epoch_detail = self.epoch_detail
        end = self.current_position + self.batch_size
        if end >= self.epoch_size:
            self.current_position = end - self.epoch_size if self._repeat else 0
            self.epoch += 1
            self.is_new_epoch = True
        else:
            self.current_position = end
            self.is_new_epoch = False
        return self.pipeline.run()

    next = __next__

    @property
    def batch_size(self):
        """int: The pipeline's batch size."""
        return self.pipeline.batch_size

    @property
    def epoch_detail(self):
        """float: The epoch as a real number."""
        return self.epoch + self.current_position / self.epoch_size

    @property
    def previous_epoch_detail(self):
        """float: :attr:`epoch_detail` before the last batch, or ``None`` before the first."""
        if self._previous_epoch_detail < 0:
            return None
        return self._previous_epoch_detail

    @property
    def repeat(self):
        """bool: Whether the iterator loops forever."""
        return self._repeat

    def reset(self):
        """Goes back to the start of the first epoch (the pipeline itself is not reset)."""
        self.current_position = 0
        self.epoch = 0
        self.is_new_epoch = False
        self._previous_epoch_detail = -1.0

    def serialize(self, serializer):
        """Saves or restores the position (the pipeline's own state is not saved).

        Args:
            serializer (~chainer.AbstractSerializer): The serializer or
                deserializer.
        """
        self.current_position = int(serializer("current_position", self.current_position))
        self.epoch = int(serializer("epoch", self.epoch))
        self.is_new_epoch = bool(serializer("is_new_epoch", self.is_new_epoch))
        try:
            previous = serializer("previous_epoch_detail", self._previous_epoch_detail)
        except KeyError:
            previous = self.epoch + (self.current_position - self.batch_size) / self.epoch_size
            previous = max(previous, 0.0) if self.epoch_detail > 0 else -1.0
        self._previous_epoch_detail = float(previous)
