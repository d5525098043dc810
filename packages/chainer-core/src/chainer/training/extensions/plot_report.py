"""The PlotReport extension: plots observed values against the iteration or epoch."""

from __future__ import annotations

import json
import os
import warnings

import numpy

from chainer import reporter as reporter_module
from chainer import serializer as serializer_module
from chainer.training import extension
from chainer.training import util as trigger_module
from chainer.training.extensions import _plot

__all__ = ["PlotReport"]


def _to_float(value):
    value = getattr(value, "array", value)
    if hasattr(value, "get"):
        value = value.get()
    return float(value)


class PlotReport(extension.Extension):
    """Plots the means of observed values and saves the figure as an image.

    At each iteration the values of ``y_keys`` are accumulated; when
    ``trigger`` fires, their means become a new point ``(x, mean)`` of each
    key's line, where ``x`` is the updater's ``iteration`` or ``epoch``
    (``x_key``), and the figure is written to ``trainer.out/filename``.

    matplotlib is imported only when a figure is drawn; it is an optional
    dependency (``pip install "chainer-core[plot]"``): :meth:`available`
    says whether it is installed, and :meth:`initialize` raises
    :class:`ImportError` when it is not.

    Args:
        y_keys (str or list of str): the observation keys to plot.
        x_key (str): ``'iteration'`` or ``'epoch'``.
        trigger: when to add points and redraw (``(1, 'epoch')`` by default).
        postprocess (callable): called as ``postprocess(figure, axes,
            summary)`` before the figure is saved.
        filename (str): the image name in ``trainer.out``; ``'plot.png'``
            when None. Its extension selects the format.
        marker (str): the matplotlib marker of the points; None for none.
        grid (bool): draw a grid.
        file_name (str): deprecated alias of ``filename`` (keyword only).

    Raises:
        ValueError: when ``x_key`` is neither ``'iteration'`` nor ``'epoch'``.
        TypeError: for any other keyword argument.
    """

    def __init__(
        self,
        y_keys,
        x_key="iteration",
        trigger=(1, "epoch"),
        postprocess=None,
        filename=None,
        marker="x",
        grid=True,
        **kwargs,
    ):
        if "file_name" in kwargs:
            file_name = kwargs.pop("file_name")
            warnings.warn(
                "PlotReport: file_name is deprecated; use filename",
                DeprecationWarning,
                stacklevel=2,
            )
            if filename is None:
                filename = file_name
        if kwargs:
            raise TypeError(f"PlotReport got unexpected keyword arguments {sorted(kwargs)}")
        if x_key not in ("iteration", "epoch"):
            raise ValueError(f"PlotReport: x_key must be 'iteration' or 'epoch', not {x_key!r}")
        if postprocess is not None and not callable(postprocess):
            raise TypeError(f"PlotReport: postprocess must be callable, not {postprocess!r}")
        if isinstance(y_keys, str):
            y_keys = (y_keys,)
        self._y_keys = tuple(y_keys)
        self._x_key = x_key
        self._trigger = trigger_module.get_trigger(trigger)
        self._postprocess = postprocess
        self._filename = "plot.png" if filename is None else filename
        self._marker = marker
        self._grid = grid
        self._data = {k: [] for k in self._y_keys}
        self._summary = reporter_module.DictSummary()

    @staticmethod
    def available():
        """Returns whether matplotlib is installed (and plots can be drawn).

        Returns:
            bool: True when matplotlib can be imported.
        """
        return _plot.available()

    def initialize(self, trainer):
        """Checks that matplotlib can be imported.

        Args:
            trainer (~chainer.training.Trainer): the trainer.

        Raises:
            ImportError: when matplotlib is not installed.
        """
        _plot.get_pyplot("PlotReport")

    @property
    def data(self):
        """dict: each key's list of ``(x, mean)`` points so far."""
        return self._data

    def __call__(self, trainer):
        """Accumulates the values, and adds points and redraws when the trigger fires.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        observation = trainer.observation
        self._summary.add({k: observation[k] for k in self._y_keys if k in observation})
        if not self._trigger(trainer):
            return
        means = self._summary.compute_mean()
        updater = trainer.updater
        x = updater.iteration if self._x_key == "iteration" else updater.epoch
        for k in self._y_keys:
            if k in means:
                self._data[k].append((x, _to_float(means[k])))
        self._draw(trainer, self._summary)
        self._summary = reporter_module.DictSummary()

    def _draw(self, trainer, summary):
        plt = _plot.get_pyplot("PlotReport")
        figure = plt.figure()
        try:
            axes = figure.add_subplot(111)
            axes.set_xlabel(self._x_key)
            if self._grid:
                axes.grid()
            plotted = False
            for k in self._y_keys:
                points = self._data[k]
                if not points:
                    continue
                xy = numpy.asarray(points, dtype=numpy.float64)
                axes.plot(xy[:, 0], xy[:, 1], marker=self._marker, label=k)
                plotted = True
            if plotted:
                if self._postprocess is not None:
                    self._postprocess(figure, axes, summary)
                legend = axes.legend(bbox_to_anchor=(1.05, 1), loc=2, borderaxespad=0.0)
                path = os.path.join(trainer.out, self._filename)
                directory = os.path.dirname(path)
                if directory:
                    os.makedirs(directory, exist_ok=True)
                figure.savefig(path, bbox_extra_artists=(legend,), bbox_inches="tight")
        finally:
            plt.close(figure)

    def serialize(self, serializer):
        """Saves or loads the points (as JSON), the trigger and the pending sums.

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if hasattr(self._trigger, "serialize"):
            self._trigger.serialize(serializer["trigger"])
        key = f"_plot_{self._filename}"
        if isinstance(serializer, serializer_module.Serializer):
            serializer(key, json.dumps(self._data))
        else:
            loaded = serializer(key, "")
            if hasattr(loaded, "item"):
                loaded = loaded.item()
            if isinstance(loaded, bytes):
                loaded = loaded.decode()
            if loaded:
                data = json.loads(loaded)
                self._data = {k: [tuple(p) for p in data.get(k, [])] for k in self._y_keys}
