"""Reporting observed values and summarizing them.

A :class:`Reporter` collects named values (losses, accuracies ...) into a
dictionary called the *observation*. Code anywhere in a forward computation
calls :func:`report` and the values go to the reporter that is current in this
thread, if any. :class:`Summary` and :class:`DictSummary` accumulate reported
scalars into means and standard deviations.
"""

from __future__ import annotations

import contextlib
import json
import numbers
import threading
import warnings

import numpy

import chainer
from chainer import backend, configuration
from chainer import serializer as serializer_module
from chainer.variable import Variable

_thread_local = threading.local()


def _get_reporters():
    """The stack of current reporters of this thread (innermost last)."""
    try:
        return _thread_local.reporters
    except AttributeError:
        reporters = []
        _thread_local.reporters = reporters
        return reporters


def _copy_variable(value):
    # A fresh Variable over the same array with no creator: reporting a loss
    # must not keep the whole computational graph alive.
    if isinstance(value, Variable):
        return Variable(value.array, name=value.name, requires_grad=value.requires_grad)
    return value


class Reporter:
    """Collects observed values into an observation dictionary.

    Values are reported with :meth:`report` (or the module-level
    :func:`report`, which uses the current reporter). When an *observer* is
    given, its registered name prefixes the value's name::

        reporter = Reporter()
        observer = object()
        reporter.add_observer("my_observer", observer)
        observation = {}
        with reporter.scope(observation):
            reporter.report({"x": 1}, observer)
        # observation == {"my_observer/x": 1}

    ``with reporter:`` makes the reporter current in this thread, so that
    :func:`report` and :func:`report_scope` reach it.

    Reported :class:`~chainer.Variable` objects are stored as new Variables
    over the same array without their graph, unless
    ``chainer.config.keep_graph_on_report`` is True.

    Attributes:
        observation (dict): the dictionary values are currently written to.
    """

    def __init__(self):
        self._observer_names = {}
        self.observation = {}

    def __enter__(self):
        """Makes this reporter the current one of this thread.

        Returns:
            Reporter: this reporter.
        """
        _get_reporters().append(self)
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        """Restores the reporter that was current before :meth:`__enter__`."""
        _get_reporters().pop()

    @contextlib.contextmanager
    def scope(self, observation):
        """Makes this reporter current and writes reports into ``observation``.

        Within the ``with`` block, values reported to this reporter are stored
        in ``observation``; the previous observation dictionary and the
        previous current reporter come back when the block ends.

        Args:
            observation (dict): the dictionary that receives the values.
        """
        old = self.observation
        self.observation = observation
        self.__enter__()
        try:
            yield
        finally:
            self.__exit__(None, None, None)
            self.observation = old

    def add_observer(self, name, observer):
        """Registers an observer under a name.

        Args:
            name (str): the prefix of the values reported with ``observer``.
            observer: any object; it is identified by its ``id``.
        """
        self._observer_names[id(observer)] = name

    def add_observers(self, prefix, observers):
        """Registers several observers, each under ``prefix`` + its own name.

        This is typically used with ``link.namedlinks(skipself=True)``, whose
        names start with ``/``: ``add_observers("main", ...)`` registers
        ``main/l1``, ``main/l2`` ...

        Args:
            prefix (str): the text put before every observer's name.
            observers: an iterable of ``(name, observer)`` pairs.
        """
        for name, observer in observers:
            self._observer_names[id(observer)] = prefix + name

    def report(self, values, observer=None):
        """Writes values into the current observation.

        Args:
            values (dict): the values, keyed by name. A Variable is stored
                without its graph unless ``config.keep_graph_on_report`` is True.
            observer: when given, each key becomes ``'<observer name>/<key>'``.
                The observer must have been registered.

        Raises:
            KeyError: when ``observer`` is not registered to this reporter.
        """
        if not configuration.config.keep_graph_on_report:
            values = {key: _copy_variable(value) for key, value in values.items()}
        if observer is None:
            self.observation.update(values)
            return
        try:
            observer_name = self._observer_names[id(observer)]
        except KeyError:
            raise KeyError(
                f"the observer {type(observer).__name__} is not registered to the reporter; "
                "register it with add_observer() or add_observers() first"
            ) from None
        for key, value in values.items():
            self.observation[f"{observer_name}/{key}"] = value


def get_current_reporter():
    """Returns the current reporter of this thread.

    Returns:
        Reporter: the innermost reporter made current by ``with reporter:``
        or :meth:`Reporter.scope`.

    Raises:
        IndexError: when no reporter is current.
    """
    reporters = _get_reporters()
    if not reporters:
        raise IndexError("no reporter is current; use `with reporter:` or reporter.scope()")
    return reporters[-1]


def report(values, observer=None):
    """Reports values to the current reporter; does nothing when none is current.

    A link usually reports its own values with itself as observer::

        class Regressor(chainer.Chain):
            def forward(self, x, t):
                loss = F.mean_squared_error(self.predictor(x), t)
                chainer.report({"loss": loss}, self)
                return loss

    If the link is registered as ``main``, the value is named ``main/loss``.

    Args:
        values (dict): the values, keyed by name.
        observer: the registered object whose name prefixes the keys, or None.
    """
    reporters = _get_reporters()
    if reporters:
        reporters[-1].report(values, observer)


@contextlib.contextmanager
def report_scope(observation):
    """Writes the current reporter's reports into ``observation`` in a ``with`` block.

    This is ``get_current_reporter().scope(observation)`` without pushing the
    reporter onto the stack a second time.

    Args:
        observation (dict): the dictionary that receives the values.

    Raises:
        IndexError: when no reporter is current.
    """
    current = get_current_reporter()
    old = current.observation
    current.observation = observation
    try:
        yield
    finally:
        current.observation = old


def _is_scalar(value):
    # A number (Python or NumPy) or a zero-dimensional numeric array; strings
    # and other objects are not summarized.
    if isinstance(value, (numbers.Number, numpy.generic)):
        return numpy.dtype(type(value)).kind in "biufc"
    dtype = getattr(value, "dtype", None)
    return getattr(value, "ndim", -1) == 0 and dtype is not None and dtype.kind in "biufc"


class Summary:
    """Online mean and standard deviation of a sequence of (weighted) scalars.

    The sums ``_x`` (of ``w * x``), ``_x2`` (of ``w * x * x``) and ``_n`` (of
    ``w``) are kept on the device of the added values.
    """

    def __init__(self):
        self._x = 0.0
        self._x2 = 0.0
        self._n = 0

    def add(self, value, weight=1):
        """Adds a scalar value.

        Args:
            value: a Python or NumPy scalar, a zero-dimensional array (CPU or
                GPU), or a Variable holding one (its array is used).
            weight: the weight of the value, a scalar or a zero-dimensional
                array (default 1).
        """
        if isinstance(value, Variable):
            value = value.array
        if isinstance(weight, Variable):
            weight = weight.array
        with chainer.using_device(backend.get_device_from_array(value)):
            self._x += weight * value
            self._x2 += weight * value * value
            self._n += weight

    def compute_mean(self):
        """Computes the weighted mean of the added values.

        Returns:
            The mean, a scalar or a zero-dimensional array on the values' device.
        """
        with chainer.using_device(backend.get_device_from_array(self._x)):
            return self._x / self._n

    def make_statistics(self):
        """Computes the weighted mean and standard deviation.

        The variance is ``E[x^2] - E[x]^2``; a tiny negative value left by
        rounding is treated as zero, so the result is never NaN.

        Returns:
            tuple: ``(mean, std)``.
        """
        x, n = self._x, self._n
        xp = backend.get_array_module(x)
        with chainer.using_device(backend.get_device_from_array(x)):
            mean = x / n
            var = self._x2 / n - mean * mean
            std = xp.sqrt(xp.maximum(var, 0))
            return mean, std

    def serialize(self, serializer):
        """Saves or loads the accumulated sums ``_x``, ``_x2`` and ``_n``.

        When a deserializer lacks the keys (a snapshot taken before they were
        saved), a warning is issued and the sums are left as they are.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        try:
            self._x = serializer("_x", self._x)
            self._x2 = serializer("_x2", self._x2)
            self._n = serializer("_n", self._n)
        except KeyError:
            warnings.warn("The previous statistics are not saved.", stacklevel=2)


class DictSummary:
    """Online means and standard deviations of dictionaries of scalars.

    Each key of the added dictionaries gets its own :class:`Summary`. A value
    may be given as a ``(value, weight)`` tuple. Values that are not numeric
    scalars (Python or NumPy numbers, zero-dimensional numeric arrays, or
    Variables holding one) are ignored, so a whole observation, arrays and
    text included, can be added at once.
    """

    def __init__(self):
        self._summaries = {}

    def add(self, d):
        """Adds a dictionary of scalars.

        Args:
            d (dict): values keyed by name; a value is a scalar, a
                zero-dimensional array, a Variable of one, or a
                ``(value, weight)`` tuple of those. Other values are skipped.

        Raises:
            ValueError: when a given weight is not a scalar.
        """
        summaries = self._summaries
        for key, value in d.items():
            weight = 1
            if isinstance(value, tuple):
                value, weight = value
                if isinstance(weight, Variable):
                    weight = weight.array
                if not _is_scalar(weight):
                    raise ValueError(f"the weight given for {key!r} is not a scalar")
            if isinstance(value, Variable):
                value = value.array
            if _is_scalar(value):
                if key not in summaries:
                    summaries[key] = Summary()
                summaries[key].add(value, weight=weight)

    def compute_mean(self):
        """Computes the mean of every key.

        Returns:
            dict: the means, keyed by name.
        """
        return {name: summary.compute_mean() for name, summary in self._summaries.items()}

    def make_statistics(self):
        """Computes the mean and standard deviation of every key.

        Returns:
            dict: ``key`` maps to the mean and ``key + '.std'`` to the
            standard deviation.
        """
        stats = {}
        for name, summary in self._summaries.items():
            mean, std = summary.make_statistics()
            stats[name] = mean
            stats[name + ".std"] = std
        return stats

    def serialize(self, serializer):
        """Saves or loads every summary.

        The key names are stored as a JSON list under ``_names`` and the
        summaries under ``_summaries/<index>``. Loading replaces the current
        summaries; when ``_names`` is missing, a warning is issued and nothing
        is loaded.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if isinstance(serializer, serializer_module.Serializer):
            names = list(self._summaries)
            serializer("_names", json.dumps(names))
            for index, name in enumerate(names):
                self._summaries[name].serialize(serializer["_summaries"][str(index)])
            return
        self._summaries.clear()
        try:
            names = json.loads(serializer("_names", ""))
        except KeyError:
            warnings.warn("The names of statistics are not saved.", stacklevel=2)
            return
        for index, name in enumerate(names):
            summary = Summary()
            summary.serialize(serializer["_summaries"][str(index)])
            self._summaries[name] = summary
