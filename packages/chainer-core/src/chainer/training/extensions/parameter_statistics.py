"""The ParameterStatistics extension: reports statistics of link parameters and gradients."""

from __future__ import annotations

import numpy

from chainer import backend
from chainer import reporter as reporter_module
from chainer.training import extension
from chainer.training import util as trigger_module

__all__ = ["ParameterStatistics"]


def _mean(x):
    return backend.get_array_module(x).mean(x)


def _std(x):
    return backend.get_array_module(x).std(x)


def _min(x):
    return backend.get_array_module(x).min(x)


def _max(x):
    return backend.get_array_module(x).max(x)


def _zeros(x):
    return x.size - backend.get_array_module(x).count_nonzero(x)


_SIGMA_PERCENTILES = (0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87)


def _percentile(x):
    xp = backend.get_array_module(x)
    if x.size == 0:
        return xp.full(len(_SIGMA_PERCENTILES), numpy.nan, dtype=numpy.float64)
    return xp.percentile(x, _SIGMA_PERCENTILES)


class ParameterStatistics(extension.Extension):
    """Reports statistics of the parameters (and their gradients) of links.

    At every call, each statistic function is applied to the flattened
    ``data`` and ``grad`` arrays of each parameter of each link; the values
    are averaged over the calls and reported when ``trigger`` fires, under
    keys ``'{prefix}/{link name}/{parameter path}/{data|grad}/{statistic}'``
    (the prefix part only when given; a link without a name gives
    ``'None'``). A statistic that returns several values (``percentile``)
    gets one key per value, suffixed ``/0``, ``/1`` ...

    The default statistics are ``mean``, ``std``, ``min``, ``max``, ``zeros``
    (the number of zero elements) and ``percentile`` (at the sigmas of a
    normal distribution: 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87).
    Parameters not initialized yet, and gradients not computed yet, are skipped.

    Args:
        links (~chainer.Link or list of Link): the links to watch.
        statistics (dict or 'default' or None): names mapped to functions
            that take a one-dimensional array and return a scalar or a
            one-dimensional array; ``'default'`` for the defaults above,
            None for none (add some with :meth:`register_statistics`).
        report_params (bool): report statistics of the parameter values.
        report_grads (bool): report statistics of the gradients.
        prefix (str): prepended to every key, followed by ``/``.
        trigger: when to report (``(1, 'epoch')`` by default).
        skip_nan_params (bool): report NaN for an array that holds a NaN,
            instead of applying the statistics to it.
    """

    default_name = "parameter_statistics"
    priority = extension.PRIORITY_WRITER

    #: The format of the reported keys.
    report_key_template = "{prefix}{link_name}{param_name}/{attr_name}/{function_name}"

    default_statistics = {
        "mean": _mean,
        "std": _std,
        "min": _min,
        "max": _max,
        "zeros": _zeros,
        "percentile": _percentile,
    }

    def __init__(
        self,
        links,
        statistics="default",
        report_params=True,
        report_grads=True,
        prefix=None,
        trigger=(1, "epoch"),
        skip_nan_params=False,
    ):
        if not isinstance(links, (list, tuple)):
            links = (links,)
        self._links = tuple(links)
        if isinstance(statistics, str):
            if statistics != "default":
                raise ValueError(
                    "ParameterStatistics: statistics must be a dict, 'default' or None, "
                    f"not {statistics!r}"
                )
            statistics = self.default_statistics
        elif statistics is None:
            statistics = {}
        self._statistics = dict(statistics)
        attrs = []
        if report_params:
            attrs.append("data")
        if report_grads:
            attrs.append("grad")
        self._attrs = attrs
        self._prefix = prefix
        self._trigger = trigger_module.get_trigger(trigger)
        self._skip_nan_params = skip_nan_params
        self._summary = reporter_module.DictSummary()

    def __call__(self, trainer):
        """Computes the statistics, and reports their means when the trigger fires.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        statistics = {}
        prefix = self._prefix + "/" if self._prefix else ""
        for link in self._links:
            link_name = getattr(link, "name", None)
            for param_name, param in link.namedparams():
                for attr_name in self._attrs:
                    array = param.array if attr_name == "data" else param.grad
                    if array is None:
                        continue
                    array = array.ravel()
                    has_nan = self._skip_nan_params and bool(
                        backend.get_array_module(array).isnan(array).any()
                    )
                    for function_name, function in self._statistics.items():
                        value = numpy.nan if has_nan else function(array)
                        key = self.report_key_template.format(
                            prefix=prefix,
                            link_name=link_name,
                            param_name=param_name,
                            attr_name=attr_name,
                            function_name=function_name,
                        )
                        if getattr(value, "ndim", 0) > 0 and value.size > 1:
                            for i, v in enumerate(value):
                                statistics[f"{key}/{i}"] = v
                        elif getattr(value, "ndim", 0) > 0:
                            statistics[key] = value.reshape(())
                        else:
                            statistics[key] = value
        self._summary.add(statistics)
        if self._trigger(trainer):
            reporter_module.report(self._summary.compute_mean())
            self._summary = reporter_module.DictSummary()

    def register_statistics(self, name, function):
        """Adds a statistic.

        Args:
            name (str): its name, the last part of its keys.
            function (callable): takes a one-dimensional array and returns a
                scalar or a one-dimensional array.

        Raises:
            TypeError: when ``function`` is not callable.
        """
        if not callable(function):
            raise TypeError(
                f"ParameterStatistics.register_statistics: function must be callable, "
                f"not {function!r}"
            )
        self._statistics[name] = function

    def serialize(self, serializer):
        """Saves or loads the trigger and the pending sums.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if hasattr(self._trigger, "serialize"):
            self._trigger.serialize(serializer["trigger"])
        if hasattr(self._summary, "serialize"):
            self._summary.serialize(serializer["summary"])
