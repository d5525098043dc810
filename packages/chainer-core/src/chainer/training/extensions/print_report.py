"""The PrintReport extension: prints the entries of a LogReport as a table."""

from __future__ import annotations

import sys

from chainer import serializer as serializer_module
from chainer.training import extension
from chainer.training.extensions import log_report as log_report_module

__all__ = ["PrintReport"]


class PrintReport(extension.Extension):
    """Prints the new entries of a :class:`LogReport` as rows of a table.

    The header (the entry names) is printed at the first call; each call
    then prints the log entries added since the previous call. Each column
    is ``max(10, len(name))`` characters wide; a missing value leaves its
    cell blank.

    Args:
        entries (list of str): the keys of the log entries to print, in order.
        log_report (str or LogReport): the LogReport, or the name under
            which it is registered in the trainer.
        out: the text stream to print to (``sys.stdout`` by default).
    """

    def __init__(self, entries, log_report="LogReport", out=sys.stdout):
        if isinstance(entries, str):
            raise TypeError("PrintReport: entries must be a list of keys, not a string")
        if not isinstance(log_report, (str, log_report_module.LogReport)):
            raise TypeError(
                f"PrintReport: log_report must be a name or a LogReport, not {log_report!r}"
            )
        self._entries = list(entries)
        self._log_report = log_report
        self._out = out
        self._log_len = 0
        widths = [max(10, len(e)) for e in self._entries]
        self._header = "  ".join(e.ljust(w) for e, w in zip(self._entries, widths)) + "\n"
        self._widths = widths

    def _get_log_report(self, trainer):
        if isinstance(self._log_report, str):
            log_report = trainer.get_extension(self._log_report)
            if not isinstance(log_report, log_report_module.LogReport):
                raise TypeError(f"PrintReport: extension {self._log_report!r} is not a LogReport")
            return log_report
        return self._log_report

    def _format_row(self, entry):
        cells = []
        for key, width in zip(self._entries, self._widths):
            if key in entry:
                value = entry[key]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    text = format(value, "g")
                else:
                    text = str(value)
                cells.append(text.ljust(width))
            else:
                cells.append(" " * width)
        return "  ".join(cells).rstrip() + "\n"

    def __call__(self, trainer):
        out = self._out
        if self._header:
            out.write(self._header)
            self._header = None
        log = self._get_log_report(trainer).log
        while len(log) > self._log_len:
            out.write(self._format_row(log[self._log_len]))
            self._log_len += 1
        if hasattr(out, "flush"):
            out.flush()

    def serialize(self, serializer):
        """Saves or loads the number of log entries printed (and a LogReport given as object).

        Args:
            serializer (~chainer.AbstractSerializer): the (de)serializer.
        """
        if isinstance(self._log_report, log_report_module.LogReport):
            self._log_report.serialize(serializer["_log_report"])
        if isinstance(serializer, serializer_module.Serializer):
            serializer("_log_len", self._log_len)
        else:
            self._log_len = int(serializer("_log_len", self._log_len))
