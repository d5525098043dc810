"""Shared pieces of the function and link timer hooks: a clock and the report table."""

from __future__ import annotations

import sys
import time

import numpy

from chainer.backends import cuda

_UNITS = {"sec": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


class _Stopwatch:
    """Measures nested intervals: host time for NumPy work, CUDA events for CuPy work.

    Attributes:
        clock: the host clock (``time.perf_counter``); tests may replace it.
    """

    clock = staticmethod(time.perf_counter)

    def __init__(self):
        self._stack = []

    @property
    def depth(self):
        """int: how many intervals are open."""
        return len(self._stack)

    def start(self, xp):
        """Opens an interval for work done with the array module ``xp``."""
        if xp is numpy or cuda.cupy is None or xp is not cuda.cupy:
            self._stack.append((None, self.clock()))
        else:
            begin, end = cuda.cupy.cuda.Event(), cuda.cupy.cuda.Event()
            begin.record()
            self._stack.append((end, begin))

    def stop(self):
        """Closes the innermost interval and returns its length in seconds."""
        end, begin = self._stack.pop()
        if end is None:
            return self.clock() - begin
        end.record()
        end.synchronize()
        return cuda.cupy.cuda.get_elapsed_time(begin, end) / 1000.0


def summarize(call_history):
    """``{name: {'elapsed_time': seconds, 'occurrence': count}}`` in first-call order."""
    summary = {}
    for name, elapsed in call_history:
        record = summary.setdefault(name, {"elapsed_time": 0.0, "occurrence": 0})
        record["elapsed_time"] += elapsed
        record["occurrence"] += 1
    return summary


def _auto_unit(seconds):
    factor = 1
    for unit in ("sec", "ms", "us"):
        if seconds * factor >= 1:
            return factor, unit
        factor *= 1000
    return factor, "ns"


def print_report(summary, header, unit, file):
    """Writes the right-aligned table of a timer summary.

    Args:
        summary (dict): what :func:`summarize` returns.
        header (str): the title of the name column (``'FunctionName'``).
        unit (str): ``'auto'``, ``'sec'``, ``'ms'``, ``'us'`` or ``'ns'``.
        file: a writable text stream (None for ``sys.stdout``).
    """
    if unit != "auto" and unit not in _UNITS:
        raise ValueError(f"unit must be 'auto' or one of {sorted(_UNITS)}, not {unit!r}")
    file = sys.stdout if file is None else file
    rows = [(header, "ElapsedTime", "Occurrence")]
    for name, record in summary.items():
        seconds = record["elapsed_time"]
        factor, shown = _auto_unit(seconds) if unit == "auto" else (_UNITS[unit], unit)
        rows.append((name, f"{seconds * factor:3.2f}{shown}", str(record["occurrence"])))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        file.write("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) + "\n")
    if hasattr(file, "flush"):
        file.flush()


def function_name(function):
    """The name reports use for a function node (the wrapped class for legacy Functions)."""
    from chainer.function import FunctionAdapter

    if isinstance(function, FunctionAdapter):
        return type(function.function).__name__
    return getattr(function, "_impl_name", None) or type(function).__name__
