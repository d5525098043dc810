"""Memory accounting of array data on a device: what is in use, and peaks of a block.

What is counted:

* **CPU** (``'@numpy'`` and plugin devices whose ``xp`` is NumPy) uses
  :mod:`tracemalloc`. NumPy reports array buffers to tracemalloc under its own domain
  (``numpy.lib.tracemalloc_domain``), so :func:`stats` counts exactly the array bytes
  in use. tracemalloc keeps only one, all-domain peak, so :func:`peak` also counts the
  Python objects allocated *inside* the block (array headers, temporaries, frames;
  typically a few hundred bytes per operation, negligible next to array buffers of a
  few KiB or more). That noise is kept small by: measuring over the block's baseline
  (memory already held before the block is not counted), resetting the peak at the
  block's start, and tracing only from the block's start when tracing was off (one
  frame, so tracemalloc's bookkeeping stays cheap; its own memory is never counted).
  Buffers under about 1 KiB may come from NumPy's small-block cache without a new
  allocation and be missed. tracemalloc is process-wide: allocations of other threads
  during the block count too.
* **GPU** (``'@cupy:N'``) uses CuPy's default memory pool. CuPy 14 has no peak API,
  so :func:`peak` installs a ``cupy.cuda.MemoryHook`` for the block that adds every
  pool allocation and subtracts every free on that GPU, exact for the calling thread
  (CuPy's hooks are thread-local). Without the hook API it falls back to polling
  ``used_bytes()`` at entry and exit, a lower bound. Allocations outside the pool
  (cuBLAS/cuFFT workspaces, another allocator) are not seen.
"""

from __future__ import annotations

import dataclasses
import tracemalloc

import numpy

from cupy_lite._gpu import GpuDevice
from cupy_lite._registry import get_current_device, get_device

__all__ = ["MemoryStats", "PeakMemory", "peak", "stats"]


@dataclasses.dataclass(frozen=True)
class MemoryStats:
    """Memory of one device at one moment.

    Attributes:
        device (str): the device name.
        in_use_bytes (int or None): array bytes in use (CPU: NumPy's tracemalloc
            domain; GPU: ``pool.used_bytes()``). None on the CPU when tracemalloc is
            not tracing.
        peak_bytes (int or None): CPU: tracemalloc's peak of all traced memory since
            tracing started or the last reset (Python objects included); GPU: None,
            CuPy keeps no peak (use :func:`peak`).
        held_bytes (int or None): GPU: bytes the pool holds (``pool.total_bytes()``,
            used + cached free blocks); CPU: None.
        tracing (bool): CPU: whether tracemalloc was tracing; GPU: True.
    """

    device: str
    in_use_bytes: int | None
    peak_bytes: int | None
    held_bytes: int | None
    tracing: bool


def _numpy_domain_bytes() -> int:
    domain = numpy.lib.tracemalloc_domain
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.DomainFilter(True, domain)])
    return sum(trace.size for trace in snapshot.traces)


def _gpu_pool(device: GpuDevice):
    return device.xp.get_default_memory_pool()


def stats(device=None) -> MemoryStats:
    """Returns the memory figures of a device (default: the current one).

    Args:
        device: anything ``get_device`` accepts.
    """
    device = get_current_device() if device is None else get_device(device)
    if isinstance(device, GpuDevice):
        pool = _gpu_pool(device)
        with device.device:
            return MemoryStats(device.name, pool.used_bytes(), None, pool.total_bytes(), True)
    if device.xp is not numpy:
        raise NotImplementedError(f"memory.stats has no method for {device.name}")
    if not tracemalloc.is_tracing():
        return MemoryStats(device.name, None, None, None, False)
    in_use = _numpy_domain_bytes()
    return MemoryStats(device.name, in_use, tracemalloc.get_traced_memory()[1], None, True)


class PeakMemory:
    """The result of a :func:`peak` block; figures are final when the block exits.

    Attributes:
        device (str): the device name.
        baseline_bytes (int): memory in use when the block started (CPU: all traced
            memory, 0 when tracing started with the block; GPU: pool used bytes).
        peak_bytes (int): highest memory in use during the block, over the baseline.
        current_bytes (int): memory in use at the end of the block, over the baseline
            (negative when the block freed more than it allocated).
        method (str): how the figures were measured.
    """

    def __init__(self, device) -> None:
        self.device = device.name
        self._device = device
        self.baseline_bytes = 0
        self.peak_bytes = 0
        self.current_bytes = 0
        self.method = ""
        self._seen_peak = 0  # CPU: peak observed before an inner block reset it
        self._started_tracing = False
        self._hook = None

    def __repr__(self) -> str:
        return (
            f"PeakMemory(device={self.device!r}, peak_bytes={self.peak_bytes}, "
            f"current_bytes={self.current_bytes}, method={self.method!r})"
        )


_active_cpu: list[PeakMemory] = []


def _cpu_enter(result: PeakMemory) -> None:
    if not tracemalloc.is_tracing():
        tracemalloc.start(1)
        result._started_tracing = True
    current, peak_so_far = tracemalloc.get_traced_memory()
    # reset_peak() below would erase the peak that enclosing blocks have seen so far.
    for outer in _active_cpu:
        outer._seen_peak = max(outer._seen_peak, peak_so_far)
    tracemalloc.reset_peak()
    result.baseline_bytes = current
    result.method = "tracemalloc peak over the block's baseline (all traced allocations)"
    _active_cpu.append(result)


def _cpu_exit(result: PeakMemory) -> None:
    current, peak_now = tracemalloc.get_traced_memory()
    _active_cpu.remove(result)
    result.peak_bytes = max(0, max(peak_now, result._seen_peak) - result.baseline_bytes)
    result.current_bytes = current - result.baseline_bytes
    if result._started_tracing:
        tracemalloc.stop()


def _make_gpu_hook(cupy, device_id: int, start: int):
    try:
        from cupy.cuda import memory_hook
    except ImportError:
        return None

    class _PoolPeakHook(memory_hook.MemoryHook):
        def __init__(self) -> None:
            self.name = f"cupy_lite_peak_{id(self)}"  # unique: blocks may nest
            self.used = self.peak = start

        def malloc_postprocess(self, **kwargs) -> None:
            if kwargs.get("device_id") == device_id:
                self.used += kwargs["mem_size"]
                if self.used > self.peak:
                    self.peak = self.used

        def free_postprocess(self, **kwargs) -> None:
            if kwargs.get("device_id") == device_id:
                self.used -= kwargs["mem_size"]

    return _PoolPeakHook()


def _gpu_enter(result: PeakMemory) -> None:
    device = result._device
    pool = _gpu_pool(device)
    with device.device:
        result.baseline_bytes = pool.used_bytes()
    hook = _make_gpu_hook(device.xp, device.device_id, result.baseline_bytes)
    if hook is None:
        result.method = "CuPy pool used_bytes() polled at entry and exit (lower bound)"
    else:
        result.method = "CuPy MemoryHook on pool malloc/free (calling thread)"
        hook.__enter__()
    result._hook = hook


def _gpu_exit(result: PeakMemory) -> None:
    device = result._device
    if result._hook is not None:
        result._hook.__exit__(None, None, None)
    with device.device:
        used = _gpu_pool(device).used_bytes()
    top = max(used, result._hook.peak if result._hook is not None else used)
    result.peak_bytes = max(0, top - result.baseline_bytes)
    result.current_bytes = used - result.baseline_bytes


class peak:  # noqa: N801 - used as ``with cupy_lite.memory.peak() as m:``
    """Context manager that measures the peak array memory of a block.

    Args:
        device: the device to watch (anything ``get_device`` accepts); default: the
            current device when the block starts.

    Yields:
        PeakMemory: filled in when the block exits (``.peak_bytes``,
        ``.current_bytes``, ``.baseline_bytes``).

    Example:
        >>> with cupy_lite.memory.peak() as m:
        ...     y = cupy_lite.ones((1000, 1000)) * 2
        >>> m.peak_bytes >= 8_000_000  # one 1000x1000 float64 buffer (NumPy elides the temporary)
        True
    """

    def __init__(self, device=None) -> None:
        self._spec = device
        self._result: PeakMemory | None = None

    def __enter__(self) -> PeakMemory:
        device = get_current_device() if self._spec is None else get_device(self._spec)
        result = PeakMemory(device)
        if isinstance(device, GpuDevice):
            _gpu_enter(result)
        elif device.xp is numpy:
            _cpu_enter(result)
        else:
            raise NotImplementedError(f"memory.peak has no method for {device.name}")
        self._result = result
        return result

    def __exit__(self, *exc_info) -> None:
        result = self._result
        if isinstance(result._device, GpuDevice):
            _gpu_exit(result)
        else:
            _cpu_exit(result)
