"""The updater of the ordinary training loop."""

from __future__ import annotations

from chainer import backend
from chainer.dataset import convert
from chainer.training import _updater

__all__ = ["StandardUpdater"]


def _apply(func, in_arrays):
    # A tuple is spread as positional arguments, a dict as keyword arguments,
    # anything else is passed as the one argument.
    if isinstance(in_arrays, tuple):
        return func(*in_arrays)
    if isinstance(in_arrays, dict):
        return func(**in_arrays)
    return func(in_arrays)


class StandardUpdater(_updater.Updater):
    """Updater of the ordinary loop: one mini-batch, one forward/backward, one update.

    Each :meth:`update` takes the next mini-batch from the ``'main'``
    iterator, converts it with ``converter`` (sending the arrays to
    ``input_device``) and calls ``optimizer.update(loss_func, *in_arrays)``:
    a tuple from the converter is spread as positional arguments, a dict as
    keyword arguments, anything else is passed as one argument. ``loss_func``
    defaults to the optimizer's target link, e.g. an
    :class:`~chainer.links.Classifier`.

    Args:
        iterator: the dataset iterator, or a dict of them (the one named
            ``'main'`` feeds the updates and gives the epoch counters).
        optimizer: the optimizer, or a dict of them (``'main'`` is updated).
        converter (callable): turns a list of examples into arrays,
            :func:`chainer.dataset.concat_examples` by default.
        device: where the optimizers' target links are moved and the
            mini-batches sent (anything :func:`chainer.get_device` accepts);
            None leaves the links where they are and lets the converter keep
            the arrays on the CPU.
        loss_func (callable): computes the loss from the converted
            mini-batch; the optimizer's target when None.
        loss_scale (float): a fixed loss scale set on every optimizer (for
            float16 training); None for no scaling.
        auto_new_epoch (bool): call ``optimizer.new_epoch(auto=True)`` when
            the main iterator starts a new epoch (and mark the optimizers so
            that a manual call is caught).
        input_device: where the mini-batches are sent, when it differs from
            ``device`` (keyword only).

    Attributes:
        converter: the converter.
        loss_func: the loss function (or None).
        iteration (int): the number of updates done.
        auto_new_epoch (bool): whether :meth:`update_core` calls ``new_epoch``.
    """

    def __init__(
        self,
        iterator,
        optimizer,
        converter=convert.concat_examples,
        device=None,
        loss_func=None,
        loss_scale=None,
        auto_new_epoch=True,
        *,
        input_device=None,
    ):
        if device is not None:
            device = backend.get_device(device)
        if input_device is None:
            input_device = device
        else:
            input_device = backend.get_device(input_device)

        if not isinstance(iterator, dict):
            iterator = {"main": iterator}
        self._iterators = iterator

        if not isinstance(optimizer, dict):
            optimizer = {"main": optimizer}
        for name, opt in optimizer.items():
            if getattr(opt, "target", None) is None:
                raise ValueError(
                    f"{type(self).__name__}: the optimizer {name!r} has no target link; "
                    "call optimizer.setup(model) before making the updater"
                )
        self._optimizers = optimizer

        if device is not None:
            for opt in self._optimizers.values():
                opt.target.to_device(device)

        if not callable(converter):
            raise TypeError(f"{type(self).__name__}: converter must be callable, not {converter!r}")
        self.converter = converter
        self.loss_func = loss_func
        self.iteration = 0
        self._device = device
        self._input_device = input_device

        self.loss_scale = loss_scale
        if loss_scale is not None:
            for opt in self._optimizers.values():
                opt.set_loss_scale(loss_scale)

        self.auto_new_epoch = auto_new_epoch
        if auto_new_epoch:
            for opt in self._optimizers.values():
                opt.use_auto_new_epoch = True

    @property
    def device(self):
        """The device the target links were sent to (None when not given)."""
        return self._device

    @property
    def input_device(self):
        """The device the mini-batches are sent to (None when not given)."""
        return self._input_device

    @property
    def epoch(self):
        """int: the number of epochs the main iterator has completed."""
        return self._iterators["main"].epoch

    @property
    def epoch_detail(self):
        """float: the epoch count of the main iterator, with the fraction of the current one."""
        return self._iterators["main"].epoch_detail

    @property
    def previous_epoch_detail(self):
        """float: :attr:`epoch_detail` before the last mini-batch (None before the first)."""
        return self._iterators["main"].previous_epoch_detail

    @property
    def is_new_epoch(self):
        """bool: True when the last mini-batch completed an epoch."""
        return self._iterators["main"].is_new_epoch

    def finalize(self):
        """Finalizes every iterator (stops worker processes and threads)."""
        for iterator in self._iterators.values():
            finalize = getattr(iterator, "finalize", None)
            if finalize is not None:
                finalize()

    def get_optimizer(self, name):
        """Returns the optimizer registered under ``name`` (``'main'`` ...)."""
        return self._optimizers[name]

    def get_all_optimizers(self):
        """Returns a new dict of every optimizer, keyed by name."""
        return dict(self._optimizers)

    def get_iterator(self, name):
        """Returns the iterator registered under ``name`` (``'main'`` ...)."""
        return self._iterators[name]

    def update(self):
        """Runs :meth:`update_core` and counts the iteration."""
        self.update_core()
        self.iteration += 1

    def update_core(self):
        """One step: next mini-batch, conversion, ``optimizer.update(loss_func, ...)``.

        Override it for a custom step (several optimizers, GANs, ...).
        """
        iterator = self._iterators["main"]
        batch = iterator.next()
        in_arrays = convert._call_converter(self.converter, batch, self.input_device)

        optimizer = self._optimizers["main"]
        loss_func = self.loss_func or optimizer.target
        if isinstance(in_arrays, tuple):
            optimizer.update(loss_func, *in_arrays)
        elif isinstance(in_arrays, dict):
            optimizer.update(loss_func, **in_arrays)
        else:
            optimizer.update(loss_func, in_arrays)

        if self.auto_new_epoch and iterator.is_new_epoch:
            optimizer.new_epoch(auto=True)

    def serialize(self, serializer):
        """Saves or loads the iterators, optimizers, target links and the iteration count.

        Each iterator goes under ``iterator:<name>``, each optimizer under
        ``optimizer:<name>`` and its target under ``model:<name>``.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        for name, iterator in self._iterators.items():
            iterator.serialize(serializer["iterator:" + name])
        for name, optimizer in self._optimizers.items():
            optimizer.serialize(serializer["optimizer:" + name])
            optimizer.target.serialize(serializer["model:" + name])
        self.iteration = int(serializer("iteration", self.iteration))
