"""The Evaluator extension: the mean of the reported values over a validation set."""

from __future__ import annotations

import copy
import sys

from chainer import _backprop_mode, configuration
from chainer import reporter as reporter_module
from chainer.dataset import convert
from chainer.training import extension

__all__ = ["Evaluator"]


def _apply(func, in_arrays):
    if isinstance(in_arrays, tuple):
        return func(*in_arrays)
    if isinstance(in_arrays, dict):
        return func(**in_arrays)
    return func(in_arrays)


class Evaluator(extension.Extension):
    """Evaluates the target on a validation set and reports the mean of what it reports.

    Each mini-batch of the ``'main'`` iterator is converted with
    ``converter`` (sent to ``device``) and passed to ``eval_func`` (the
    ``'main'`` target by default), in test mode (``chainer.config.train``
    False) and without building a graph. What the target reports with
    :func:`chainer.report` is averaged over the batches, each batch weighing
    the same, and the means are reported to the trainer's reporter under
    ``<name>/main/<key>`` (``validation/main/loss`` for the default name).

    The iterator must not repeat. It is ``reset()`` before each evaluation
    (an iterator without ``reset`` is copied instead).

    Args:
        iterator: the validation iterator, or a dict of them (``'main'`` is
            the one :meth:`evaluate` uses).
        target (~chainer.Link): the link to evaluate, or a dict of links.
        converter (callable): turns a list of examples into the arguments of
            ``eval_func``.
        device: where the mini-batches are sent (anything
            :func:`chainer.get_device` accepts); None leaves them where the
            converter puts them.
        eval_hook (callable): called with the evaluator before each evaluation.
        eval_func (callable): called with the converted batch; the
            ``'main'`` target when None.
        progress_bar (bool): print the number of batches evaluated
            (keyword only).

    Raises:
        TypeError: for unknown keyword arguments or a converter that is not callable.
        ValueError: when there is no ``'main'`` iterator.
    """

    trigger = 1, "epoch"
    default_name = "validation"
    priority = extension.PRIORITY_WRITER
    name = None

    def __init__(
        self,
        iterator,
        target,
        converter=convert.concat_examples,
        device=None,
        eval_hook=None,
        eval_func=None,
        **kwargs,
    ):
        progress_bar = kwargs.pop("progress_bar", False)
        if kwargs:
            raise TypeError(f"Evaluator got unexpected keyword arguments {sorted(kwargs)}")
        if not isinstance(iterator, dict):
            iterator = {"main": iterator}
        if "main" not in iterator:
            raise ValueError("Evaluator: iterator must have a 'main' entry")
        if not isinstance(target, dict):
            target = {"main": target}
        if not callable(converter):
            raise TypeError(f"Evaluator: converter must be callable, not {converter!r}")
        if eval_hook is not None and not callable(eval_hook):
            raise TypeError(f"Evaluator: eval_hook must be callable, not {eval_hook!r}")
        if eval_func is not None and not callable(eval_func):
            raise TypeError(f"Evaluator: eval_func must be callable, not {eval_func!r}")
        for name, it in iterator.items():
            if getattr(it, "repeat", False):
                raise ValueError(
                    f"Evaluator: the iterator {name!r} repeats forever; create it with repeat=False"
                )
        self._iterators = iterator
        self._targets = target
        self.converter = converter
        self.device = device
        self.eval_hook = eval_hook
        self.eval_func = eval_func
        self._progress_bar = bool(progress_bar)

    def get_iterator(self, name):
        """Returns the iterator registered under ``name``."""
        return self._iterators[name]

    def get_all_iterators(self):
        """Returns a dict of all the iterators."""
        return dict(self._iterators)

    def get_target(self, name):
        """Returns the target link registered under ``name``."""
        return self._targets[name]

    def get_all_targets(self):
        """Returns a dict of all the target links."""
        return dict(self._targets)

    def __call__(self, trainer=None):
        """Evaluates and reports the means (under ``<name>/``) to the current reporter.

        Args:
            trainer: the trainer (unused; the evaluator may be called without one).

        Returns:
            dict: the means, keyed ``<name>/main/<key>``.
        """
        reporter = reporter_module.Reporter()
        prefix = self.name + "/" if self.name else ""
        for name, target in self._targets.items():
            reporter.add_observer(prefix + name, target)
            if hasattr(target, "namedlinks"):
                reporter.add_observers(prefix + name, target.namedlinks(skipself=True))
        with reporter, configuration.using_config("train", False):
            result = self.evaluate()
        try:
            reporter_module.get_current_reporter()
        except IndexError:
            return result
        reporter_module.report(result)
        return result

    def evaluate(self):
        """Runs the evaluation loop and returns the means of the reported values.

        Returns:
            dict: the means over the mini-batches.
        """
        iterator = self._iterators["main"]
        eval_func = self.eval_func or self._targets["main"]
        if self.eval_hook is not None:
            self.eval_hook(self)
        if hasattr(iterator, "reset"):
            iterator.reset()
            it = iterator
        else:
            it = copy.copy(iterator)

        summary = reporter_module.DictSummary()
        count = 0
        for batch in it:
            observation = {}
            with reporter_module.report_scope(observation):
                in_arrays = convert._call_converter(self.converter, batch, self.device)
                with _backprop_mode.no_backprop_mode():
                    _apply(eval_func, in_arrays)
            summary.add(observation)
            count += 1
            if self._progress_bar:
                sys.stdout.write(f"\r{self.name or 'validation'}: {count} iterations")
                sys.stdout.flush()
        if self._progress_bar:
            sys.stdout.write("\n")
            sys.stdout.flush()
        return summary.compute_mean()

    def finalize(self):
        """Finalizes the iterators that have a ``finalize`` method."""
        for it in self._iterators.values():
            finalize = getattr(it, "finalize", None)
            if finalize is not None:
                finalize()
