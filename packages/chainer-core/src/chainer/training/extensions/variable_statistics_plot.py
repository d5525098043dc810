"""The VariableStatisticsPlot extension: plots statistics of variables over training."""

from __future__ import annotations

import os
import warnings

import numpy

from chainer import link as link_module
from chainer import variable
from chainer.training import extension
from chainer.training import util as trigger_module
from chainer.training.extensions import _plot

__all__ = ["VariableStatisticsPlot"]


def _to_host(array):
    if hasattr(array, "get"):
        return array.get()
    return numpy.asarray(array)


class Reservoir:
    """Keeps a uniform random sample of at most ``size`` items of a stream.

    Args:
        size (int): the largest number of items kept.
        data_shape (tuple of int): the shape of each item.
        dtype: the dtype of the items.
        rng (numpy.random.Generator): the random generator.
    """

    def __init__(self, size, data_shape, dtype=numpy.float64, rng=None):
        self.size = size
        self.data = numpy.zeros((size,) + tuple(data_shape), dtype=dtype)
        self.idxs = numpy.zeros((size,), dtype=numpy.int64)
        self.counter = 0
        self._rng = numpy.random.default_rng() if rng is None else rng

    def add(self, x, idx=None):
        """Offers an item (with its index, the iteration) to the sample."""
        if self.counter < self.size:
            slot = self.counter
        else:
            slot = int(self._rng.integers(0, self.counter + 1))
            if slot >= self.size:
                self.counter += 1
                return
        self.data[slot] = x
        self.idxs[slot] = self.counter if idx is None else idx
        self.counter += 1

    def get_data(self):
        """Returns the kept indices and items, sorted by index."""
        n = min(self.counter, self.size)
        order = numpy.argsort(self.idxs[:n], kind="stable")
        return self.idxs[:n][order], self.data[:n][order]


class VariableStatisticsPlot(extension.Extension):
    """Plots, over the iterations, statistics of the data and gradients of variables.

    When ``trigger`` fires, the arrays of ``targets`` (Variables, or Links
    whose parameters are used) are flattened and concatenated, separately for
    ``data`` and ``grad``; their mean, standard deviation and the
    percentiles ``percentile_sigmas`` become one sample, indexed by the
    iteration. At most ``max_sample_size`` samples are kept (a uniform
    reservoir sample of them), and a figure with one panel for data and one
    for gradients is written to ``trainer.out/filename``: the percentiles as
    nested bands, the mean and the standard deviation as lines.

    matplotlib is imported only to draw (``pip install "chainer-core[plot]"``);
    :meth:`available` says whether it is installed and :meth:`initialize`
    raises :class:`ImportError` when it is not.

    Args:
        targets: a Variable, a Link, or a list of them.
        max_sample_size (int): the most samples kept; positive.
        report_data (bool): plot the statistics of the data.
        report_grad (bool): plot the statistics of the gradients.
        plot_mean (bool): draw the mean.
        plot_std (bool): draw the standard deviation.
        percentile_sigmas (float or tuple of float): the percentiles to draw,
            in [0, 100].
        trigger: when to sample and redraw (``(1, 'epoch')`` by default).
        filename (str): the image name; ``'statistics.png'`` when None.
        figsize (tuple): the figure size; wider for each panel when None.
        marker (str): the matplotlib marker of the lines.
        grid (bool): draw a grid.
        file_name (str): deprecated alias of ``filename`` (keyword only).

    Raises:
        ValueError: when nothing would be reported or plotted, or a
            percentile is out of range, or ``max_sample_size`` is not positive.
        TypeError: for a target of another type or another keyword argument.
    """

    def __init__(
        self,
        targets,
        max_sample_size=1000,
        report_data=True,
        report_grad=True,
        plot_mean=True,
        plot_std=True,
        percentile_sigmas=(0, 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87, 100),
        trigger=(1, "epoch"),
        filename=None,
        figsize=None,
        marker=None,
        grid=True,
        **kwargs,
    ):
        if "file_name" in kwargs:
            file_name = kwargs.pop("file_name")
            warnings.warn(
                "VariableStatisticsPlot: file_name is deprecated; use filename",
                DeprecationWarning,
                stacklevel=2,
            )
            if filename is None:
                filename = file_name
        if kwargs:
            raise TypeError(
                f"VariableStatisticsPlot got unexpected keyword arguments {sorted(kwargs)}"
            )
        if not isinstance(targets, (list, tuple)):
            targets = [targets]
        for t in targets:
            if not isinstance(t, (variable.Variable, link_module.Link)):
                raise TypeError(
                    "VariableStatisticsPlot: targets must be Variables or Links, "
                    f"not {type(t).__name__}"
                )
        self._targets = list(targets)
        keys = []
        if report_data:
            keys.append("data")
        if report_grad:
            keys.append("grad")
        if not keys:
            raise ValueError(
                "VariableStatisticsPlot: report_data and report_grad cannot both be False"
            )
        if isinstance(percentile_sigmas, (int, float)):
            percentile_sigmas = (percentile_sigmas,)
        percentile_sigmas = tuple(float(p) for p in percentile_sigmas)
        if any(not 0 <= p <= 100 for p in percentile_sigmas):
            raise ValueError(
                "VariableStatisticsPlot: percentile_sigmas must be in [0, 100], "
                f"not {percentile_sigmas!r}"
            )
        if not (plot_mean or plot_std or percentile_sigmas):
            raise ValueError("VariableStatisticsPlot: nothing to plot")
        if max_sample_size <= 0:
            raise ValueError(
                f"VariableStatisticsPlot: max_sample_size must be positive, not {max_sample_size!r}"
            )
        self._keys = keys
        self._plot_mean = plot_mean
        self._plot_std = plot_std
        self._percentile_sigmas = percentile_sigmas
        self._trigger = trigger_module.get_trigger(trigger)
        self._filename = "statistics.png" if filename is None else filename
        self._figsize = figsize
        self._marker = marker
        self._grid = grid
        n_stats = 2 + len(percentile_sigmas)
        self._reservoir = Reservoir(max_sample_size, (len(keys), n_stats))

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
        _plot.get_pyplot("VariableStatisticsPlot")

    def _arrays(self, key):
        arrays = []
        for t in self._targets:
            variables = t.params() if isinstance(t, link_module.Link) else [t]
            for v in variables:
                a = v.array if key == "data" else v.grad
                if a is not None:
                    arrays.append(_to_host(a).ravel())
        return arrays

    def compute_statistics(self):
        """Returns the current statistics, one row per key (data, grad).

        Each row holds the mean, the standard deviation and the percentiles;
        NaN where there is no array (gradients not computed yet).

        Returns:
            numpy.ndarray: of shape ``(len(keys), 2 + len(percentile_sigmas))``.
        """
        stats = numpy.full(self._reservoir.data.shape[1:], numpy.nan)
        for i, key in enumerate(self._keys):
            arrays = self._arrays(key)
            if not arrays:
                continue
            x = numpy.concatenate(arrays).astype(numpy.float64)
            if x.size == 0:
                continue
            stats[i, 0] = x.mean()
            stats[i, 1] = x.std()
            if self._percentile_sigmas:
                stats[i, 2:] = numpy.percentile(x, self._percentile_sigmas)
        return stats

    def __call__(self, trainer):
        """Samples the statistics and redraws when the trigger fires.

        Args:
            trainer (~chainer.training.Trainer): the trainer.
        """
        if not self._trigger(trainer):
            return
        self._reservoir.add(self.compute_statistics(), idx=trainer.updater.iteration)
        self._draw(trainer)

    def _draw(self, trainer):
        plt = _plot.get_pyplot("VariableStatisticsPlot")
        idxs, data = self._reservoir.get_data()
        n_keys = len(self._keys)
        figsize = self._figsize or (8 * n_keys, 6)
        figure, axes = plt.subplots(1, n_keys, figsize=figsize, squeeze=False)
        try:
            n_pct = len(self._percentile_sigmas)
            for i, key in enumerate(self._keys):
                ax = axes[0, i]
                ax.set_title(key)
                ax.set_xlabel("iteration")
                if self._grid:
                    ax.grid()
                pct = data[:, i, 2:]
                for j in range(n_pct // 2):
                    ax.fill_between(
                        idxs,
                        pct[:, j],
                        pct[:, n_pct - 1 - j],
                        alpha=0.2 + 0.6 * j / max(n_pct // 2, 1),
                        color="tab:blue",
                        linewidth=0,
                    )
                if n_pct % 2:
                    ax.plot(idxs, pct[:, n_pct // 2], color="tab:blue", marker=self._marker)
                if self._plot_mean:
                    ax.plot(idxs, data[:, i, 0], label="mean", color="tab:red", marker=self._marker)
                if self._plot_std:
                    ax.plot(
                        idxs, data[:, i, 1], label="std", color="tab:green", marker=self._marker
                    )
                if self._plot_mean or self._plot_std:
                    ax.legend()
            path = os.path.join(trainer.out, self._filename)
            directory = os.path.dirname(path)
            if directory:
                os.makedirs(directory, exist_ok=True)
            figure.savefig(path)
        finally:
            plt.close(figure)
