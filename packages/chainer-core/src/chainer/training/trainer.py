"""The standard training loop."""

from __future__ import annotations

import os
import sys
import time
import traceback

from chainer import reporter as reporter_module
from chainer import serializer as serializer_module
from chainer.training import extension as extension_module
from chainer.training import util as trigger_module

__all__ = ["Trainer"]

# The clock of elapsed_time; tests replace it with a fake one.
_get_time = time.perf_counter


class _ExtensionEntry:
    __slots__ = ("extension", "priority", "trigger", "call_before_training")

    def __init__(self, extension, priority, trigger, call_before_training):
        self.extension = extension
        self.priority = priority
        self.trigger = trigger
        self.call_before_training = call_before_training


class Trainer:
    """The standard training loop.

    :meth:`run` repeats, until ``stop_trigger`` fires:

    1. ``updater.update()`` (load a mini-batch, forward, backward, update),
       inside a reporter scope that collects the reported values of this
       iteration into :attr:`observation`;
    2. every extension whose trigger fires, in descending order of priority
       (ties keep the order of registration).

    The optimizers' target links are registered as reporter observers under
    the optimizers' names (``'main'`` ...) and their child links under
    ``'main/<path>'``, so that ``chainer.report({'loss': loss}, model)``
    inside the model's forward is observed as ``main/loss``.

    Example::

        updater = training.updaters.StandardUpdater(train_iter, optimizer)
        trainer = training.Trainer(updater, (20, "epoch"), out="result")
        trainer.extend(extensions.LogReport())
        trainer.run()

    Args:
        updater (~chainer.training.Updater): the updater.
        stop_trigger: when to stop: a ``(length, unit)`` tuple such as
            ``(20, 'epoch')``, a trigger, or None (never stop by itself).
        out (str or os.PathLike): the output directory of the extensions
            (created by :meth:`run`).
        extensions (list): extensions registered at once with their default
            trigger, priority and name.

    Attributes:
        updater: the updater.
        stop_trigger: the stop trigger.
        out (str): the output directory.
        observation (dict): the values reported during the current iteration.
        reporter (~chainer.Reporter): the reporter of the training loop.
    """

    def __init__(self, updater, stop_trigger=None, out="result", extensions=None):
        self.updater = updater
        self.stop_trigger = trigger_module.get_trigger(stop_trigger)
        self.observation = {}
        self.out = os.fspath(out)

        reporter = reporter_module.Reporter()
        for name, optimizer in updater.get_all_optimizers().items():
            target = getattr(optimizer, "target", None)
            if target is None:
                raise ValueError(
                    f"Trainer: the optimizer {name!r} of the updater has no target link; "
                    "call optimizer.setup(model) first"
                )
            reporter.add_observer(name, target)
            reporter.add_observers(name, target.namedlinks(skipself=True))
        self.reporter = reporter

        self._done = False
        self._extensions = {}
        self._start_at = None
        self._snapshot_elapsed_time = 0.0
        self._final_elapsed_time = None

        updater.connect_trainer(self)
        for ext in extensions or ():
            self.extend(ext)

    @property
    def is_before_training(self):
        """bool: True while no update has been made (``updater.iteration == 0``)."""
        return self.updater.iteration == 0

    @property
    def elapsed_time(self):
        """float: seconds of training, including the time before a resume.

        After :meth:`run` returns, the total time of the run.

        Raises:
            RuntimeError: when read before :meth:`run` started.
        """
        if self._done:
            return self._final_elapsed_time
        if self._start_at is None:
            raise RuntimeError("Trainer.elapsed_time: the training has not been started yet")
        return _get_time() - self._start_at + self._snapshot_elapsed_time

    def extend(
        self, extension, name=None, trigger=None, priority=None, *, call_before_training=False
    ):
        """Registers an extension.

        Args:
            extension: the extension, a callable that takes the trainer.
            name (str): its name; by default ``extension.name``, then
                ``extension.default_name``, then ``extension.__name__``. If
                the name is taken, ``_1``, ``_2`` ... is appended. The name
                chosen is written to ``extension.name``.
            trigger: when to call it; by default ``extension.trigger``, else
                ``(1, 'iteration')``. A tuple makes an
                :class:`~chainer.training.triggers.IntervalTrigger`.
            priority (int): extensions with higher priority run first; by
                default ``extension.priority``, else
                :data:`~chainer.training.PRIORITY_READER`.
            call_before_training (bool): also call the extension once before
                the first iteration (after the initializers).

        Raises:
            TypeError: when no name can be found.
            ValueError: for the reserved name ``'training'``.
        """
        if name is None:
            name = getattr(extension, "name", None)
            if name is None:
                name = getattr(extension, "default_name", None)
                if name is None:
                    name = getattr(extension, "__name__", None)
                    if name is None:
                        raise TypeError(
                            "Trainer.extend: the extension has no name, default_name or "
                            "__name__; pass name="
                        )
        if name == "training":
            raise ValueError("Trainer.extend: the name 'training' is reserved")

        if trigger is None:
            trigger = getattr(extension, "trigger", (1, "iteration"))
        trigger = trigger_module.get_trigger(trigger)
        if priority is None:
            priority = getattr(extension, "priority", extension_module.PRIORITY_READER)

        modified_name = name
        ordinal = 0
        while modified_name in self._extensions:
            ordinal += 1
            modified_name = f"{name}_{ordinal}"

        extension.name = modified_name
        self._extensions[modified_name] = _ExtensionEntry(
            extension, priority, trigger, bool(call_before_training)
        )

    def get_extension(self, name):
        """Returns the extension registered under ``name``.

        Args:
            name (str): the name given by :meth:`extend`.

        Raises:
            ValueError: when no extension has that name.
        """
        try:
            return self._extensions[name].extension
        except KeyError:
            raise ValueError(
                f"Trainer.get_extension: extension {name!r} not found "
                f"(registered: {sorted(self._extensions)})"
            ) from None

    def run(self, show_loop_exception_msg=True):
        """Runs the training loop until the stop trigger fires.

        First the ``initialize`` method of every extension is called (except
        those whose trigger says ``finished``), then the extensions added with
        ``call_before_training=True`` are called. When the loop raises, every
        extension's ``on_error(trainer, exc, tb)`` is called and the
        exception is re-raised; in every case (an initializer that raises
        included) each extension's ``finalize()`` and then
        ``updater.finalize()`` are called.

        A trainer runs once; make a new one (and load a snapshot into it) to
        continue training.

        Args:
            show_loop_exception_msg (bool): print the exception and its
                traceback to stderr before the error handlers and finalizers
                run (they could hang, e.g. waiting for worker processes).

        Raises:
            RuntimeError: when called a second time.
        """
        if self._done:
            raise RuntimeError("Trainer.run: the training loop cannot run twice")
        os.makedirs(self.out, exist_ok=True)

        entries = sorted(self._extensions.values(), key=lambda e: e.priority, reverse=True)

        update = self.updater.update
        reporter = self.reporter
        stop_trigger = self.stop_trigger

        self._start_at = _get_time()
        try:
            for entry in entries:
                initializer = getattr(entry.extension, "initialize", None)
                finished = getattr(entry.trigger, "finished", False)
                if initializer and not finished:
                    initializer(self)

            self.observation = {}
            with reporter.scope(self.observation):
                for entry in entries:
                    if entry.call_before_training:
                        entry.extension(self)

            while not stop_trigger(self):
                self.observation = {}
                with reporter.scope(self.observation):
                    update()
                    for entry in entries:
                        if entry.trigger(self):
                            entry.extension(self)
        except Exception as e:
            exc_info = sys.exc_info()
            if show_loop_exception_msg:
                # Printed now: a finalizer that hangs would otherwise hide it.
                f = sys.stderr
                f.write(f"Exception in main training loop: {e}\n")
                f.write("Traceback (most recent call last):\n")
                traceback.print_tb(exc_info[2], file=f)
                f.write(
                    "Will finalize trainer extensions and updater before reraising the exception.\n"
                )
            for entry in entries:
                handler = getattr(entry.extension, "on_error", None)
                if handler:
                    try:
                        handler(self, e, exc_info[2])
                    except Exception as he:
                        f = sys.stderr
                        f.write(f"Exception in error handler: {he}\n")
                        f.write("Traceback (most recent call last):\n")
                        traceback.print_tb(sys.exc_info()[2], file=f)
            raise
        finally:
            for entry in entries:
                finalize = getattr(entry.extension, "finalize", None)
                if finalize:
                    finalize()
            self.updater.finalize()
            self._final_elapsed_time = self.elapsed_time
            self._done = True

    def serialize(self, serializer):
        """Saves or loads the state of the training.

        The updater goes under ``updater``, the stop trigger under
        ``stop_trigger``, each extension under ``extensions/<name>`` and its
        trigger under ``extension_triggers/<name>`` (those with a
        ``serialize`` method), and the elapsed time under
        ``_snapshot_elapsed_time``.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        self.updater.serialize(serializer["updater"])
        if hasattr(self.stop_trigger, "serialize"):
            self.stop_trigger.serialize(serializer["stop_trigger"])

        s = serializer["extensions"]
        t = serializer["extension_triggers"]
        for name, entry in self._extensions.items():
            if hasattr(entry.extension, "serialize"):
                entry.extension.serialize(s[name])
            if hasattr(entry.trigger, "serialize"):
                entry.trigger.serialize(t[name])

        if isinstance(serializer, serializer_module.Serializer):
            if self._done or self._start_at is not None:
                elapsed = self.elapsed_time
            else:  # not started: keep what a loaded snapshot said
                elapsed = self._snapshot_elapsed_time
            serializer("_snapshot_elapsed_time", elapsed)
        else:
            self._snapshot_elapsed_time = float(serializer("_snapshot_elapsed_time", 0.0))
