"""CupyMemoryProfileHook: the GPU memory each function takes from CuPy's pool."""

from __future__ import annotations

import sys

from chainer import _hook_timing
from chainer.backends import cuda
from chainer.function_hook import FunctionHook

_UNITS = ("B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB")


def _cumulative_memory_hook():
    """A CuPy memory hook that counts the bytes requested from the pool and from CUDA."""
    from cupy.cuda import memory_hook

    class _CumulativeHook(memory_hook.MemoryHook):
        name = "CupyMemoryCumulativeHook"

        def __init__(self):
            self.used_bytes = 0
            self.acquired_bytes = 0

        def alloc_preprocess(self, **kwargs):
            self.acquired_bytes += kwargs["mem_size"]

        def malloc_preprocess(self, **kwargs):
            self.used_bytes += kwargs["mem_size"]

    return _CumulativeHook()


class CupyMemoryProfileHook(FunctionHook):
    """Records, per function call, the bytes used from and acquired by CuPy's memory pool.

    ``used`` bytes are what the function's arrays asked of the pool;
    ``acquired`` bytes are what the pool had to allocate from the GPU.

    Attributes:
        call_history (list): ``(function_name, used_bytes, acquired_bytes, depth)``.

    Raises:
        RuntimeError: on creation where CuPy or a GPU is unusable.
    """

    name = "CupyMemoryProfileHook"

    def __init__(self):
        cuda.check_cuda_available()
        self.call_history = []
        self._memory_hook = _cumulative_memory_hook()
        self._stack = []
        self._total_used_bytes = 0
        self._total_acquired_bytes = 0

    def added(self, function=None):
        self._memory_hook.__enter__()

    def deleted(self, function=None):
        self._memory_hook.__exit__()

    def _pre(self):
        self._stack.append((self._memory_hook.used_bytes, self._memory_hook.acquired_bytes))

    def _post(self, function):
        used0, acquired0 = self._stack.pop()
        used = self._memory_hook.used_bytes - used0
        acquired = self._memory_hook.acquired_bytes - acquired0
        depth = len(self._stack)
        self.call_history.append((_hook_timing.function_name(function), used, acquired, depth))
        if depth == 0:
            self._total_used_bytes += used
            self._total_acquired_bytes += acquired

    def forward_preprocess(self, function, in_data):
        self._pre()

    def forward_postprocess(self, function, in_data):
        self._post(function)

    def backward_preprocess(self, function, in_data, out_grad):
        self._pre()

    def backward_postprocess(self, function, in_data, out_grad):
        self._post(function)

    def total_used_bytes(self):
        """int: bytes used from the pool by outermost calls."""
        return self._total_used_bytes

    def total_acquired_bytes(self):
        """int: bytes the pool acquired from the GPU during outermost calls."""
        return self._total_acquired_bytes

    def summary(self):
        """dict: ``{name: {'used_bytes', 'acquired_bytes', 'occurrence'}}`` in first-call order."""
        summary = {}
        for name, used, acquired, _ in self.call_history:
            record = summary.setdefault(
                name, {"used_bytes": 0, "acquired_bytes": 0, "occurrence": 0}
            )
            record["used_bytes"] += used
            record["acquired_bytes"] += acquired
            record["occurrence"] += 1
        return summary

    @staticmethod
    def _humanize(size, unit):
        if unit == "auto":
            exponent = 0
            while size >= 1024 and exponent < len(_UNITS) - 1:
                size /= 1024.0
                exponent += 1
            return f"{size:3.2f}{_UNITS[exponent]}"
        if unit not in _UNITS:
            raise ValueError(f"unit must be 'auto' or one of {_UNITS}, not {unit!r}")
        return f"{size / 1024.0 ** _UNITS.index(unit):3.2f}{unit}"

    def print_report(self, unit="auto", file=None):
        """Prints a table of used and acquired bytes and the count per function.

        Args:
            unit (str): ``'auto'`` or one of ``'B'``, ``'KB'``, ``'MB'`` ...
            file: a text stream; None for ``sys.stdout``.
        """
        file = sys.stdout if file is None else file
        rows = [("FunctionName", "UsedBytes", "AcquiredBytes", "Occurrence")]
        for name, record in self.summary().items():
            rows.append(
                (
                    name,
                    self._humanize(record["used_bytes"], unit),
                    self._humanize(record["acquired_bytes"], unit),
                    str(record["occurrence"]),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            file.write("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) + "\n")
        if hasattr(file, "flush"):
            file.flush()
