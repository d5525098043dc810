"""TimerHook: the time each link's forward takes."""

from __future__ import annotations

from chainer import _hook_timing
from chainer.link_hook import LinkHook


class TimerHook(LinkHook):
    """Measures the forward time of every link called.

    Nested links (the children a Chain calls) get their own rows; only
    outermost calls add to :meth:`total_time`::

        with chainer.link_hooks.TimerHook() as hook:
            model(x)
        hook.print_report()

    Attributes:
        call_history (list): ``(link_class_name, seconds)`` per call, in order of completion.
    """

    name = "TimerHook"

    def __init__(self):
        self.call_history = []
        self._watch = _hook_timing._Stopwatch()
        self._total_time = 0.0

    def forward_preprocess(self, args):
        self._watch.start(args.link.xp)

    def forward_postprocess(self, args):
        elapsed = self._watch.stop()
        self.call_history.append((type(args.link).__name__, elapsed))
        if self._watch.depth == 0:
            self._total_time += elapsed

    def total_time(self):
        """float: the seconds spent in outermost link calls."""
        return self._total_time

    def summary(self):
        """dict: ``{link_name: {'elapsed_time': seconds, 'occurrence': count}}``."""
        return _hook_timing.summarize(self.call_history)

    def print_report(self, unit="auto", file=None):
        """Prints a table of the time and count per link class.

        Args:
            unit (str): ``'auto'``, ``'sec'``, ``'ms'``, ``'us'`` or ``'ns'``.
            file: a text stream; None for ``sys.stdout``.
        """
        _hook_timing.print_report(self.summary(), "LinkName", unit, file)
