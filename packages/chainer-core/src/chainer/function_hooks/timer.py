"""TimerHook: the time each function's forward and backward takes."""

from __future__ import annotations

from chainer import _hook_timing, backend
from chainer.function_hook import FunctionHook


class TimerHook(FunctionHook):
    """Measures the forward and backward time of every function called.

    Nested calls (a function applied inside another's backward) count in
    their own row but only outermost calls add to :meth:`total_time`. CuPy
    work is timed with CUDA events, NumPy work with ``time.perf_counter``::

        with TimerHook() as hook:
            loss = model(x)
            loss.backward()
        hook.print_report()

    Attributes:
        call_history (list): ``(function_name, seconds)`` per call, in call order.
    """

    name = "TimerHook"

    def __init__(self):
        self.call_history = []
        self._watch = _hook_timing._Stopwatch()
        self._total_time = 0.0

    def forward_preprocess(self, function, in_data):
        self._watch.start(backend.get_array_module(*in_data))

    def forward_postprocess(self, function, in_data):
        self._record(function)

    def backward_preprocess(self, function, in_data, out_grad):
        self._watch.start(backend.get_array_module(*(tuple(in_data) + tuple(out_grad))))

    def backward_postprocess(self, function, in_data, out_grad):
        self._record(function)

    def _record(self, function):
        elapsed = self._watch.stop()
        self.call_history.append((_hook_timing.function_name(function), elapsed))
        if self._watch.depth == 0:
            self._total_time += elapsed

    def total_time(self):
        """float: the seconds spent in outermost function calls."""
        return self._total_time

    def summary(self):
        """dict: ``{function_name: {'elapsed_time': seconds, 'occurrence': count}}``."""
        return _hook_timing.summarize(self.call_history)

    def print_report(self, unit="auto", file=None):
        """Prints a table of the time and count per function.

        Args:
            unit (str): ``'auto'`` (per row), ``'sec'``, ``'ms'``, ``'us'`` or ``'ns'``.
            file: a text stream; None for ``sys.stdout``.
        """
        _hook_timing.print_report(self.summary(), "FunctionName", unit, file)
