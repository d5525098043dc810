"""Memory accounting: cl.memory.stats and the cl.memory.peak context manager."""

from __future__ import annotations

import tracemalloc

import numpy
import pytest

import cupy_lite as cl

MB8 = 8 * 10**6  # one float64 array of 10**6 elements
SLACK = 256 * 1024  # Python objects and NumPy headers allocated inside a block


def test_peak_measures_the_largest_array_of_the_block(device):
    with cl.memory.peak() as measured:
        a = cl.ones(10**6)  # 8 MB
        b = a + 1.0  # 16 MB live at once
        del a, b
        small = cl.ones(1000)
    assert measured.device == device.name
    assert 2 * MB8 <= measured.peak_bytes < 2 * MB8 + SLACK
    assert abs(measured.current_bytes) < SLACK  # everything but `small` was freed
    del small


def test_peak_does_not_count_memory_held_before_the_block(device):
    held = cl.ones(2 * 10**6)  # 16 MB, allocated before
    with cl.memory.peak(device) as measured:
        a = cl.ones(10**6)
        del a
    assert MB8 <= measured.peak_bytes < MB8 + SLACK
    del held


def test_nested_blocks_keep_the_outer_peak(device):
    with cl.memory.peak() as outer:
        a = cl.ones(3 * 10**6)  # 24 MB, freed before the inner block
        del a
        with cl.memory.peak() as inner:
            b = cl.ones(10**6)
            del b
    assert MB8 <= inner.peak_bytes < MB8 + SLACK
    assert 3 * MB8 <= outer.peak_bytes < 3 * MB8 + SLACK


def test_peak_starts_and_stops_tracemalloc_only_if_it_was_off():
    if tracemalloc.is_tracing():
        pytest.skip("tracemalloc is already on (PYTHONTRACEMALLOC?)")
    with cl.memory.peak("@numpy") as measured:
        assert tracemalloc.is_tracing()
    assert not tracemalloc.is_tracing()
    assert measured.baseline_bytes == 0 and "tracemalloc" in measured.method
    tracemalloc.start()
    try:
        with cl.memory.peak("@numpy"):
            pass
        assert tracemalloc.is_tracing()
    finally:
        tracemalloc.stop()


def test_cpu_stats_count_numpy_array_bytes_when_tracing():
    if tracemalloc.is_tracing():
        pytest.skip("tracemalloc is already on (PYTHONTRACEMALLOC?)")
    off = cl.memory.stats("@numpy")
    assert off.tracing is False and off.in_use_bytes is None and off.device == "@numpy"
    tracemalloc.start()
    try:
        before = cl.memory.stats().in_use_bytes
        kept = numpy.ones(500_000)  # 4 MB
        after = cl.memory.stats("@numpy")
        assert after.tracing and after.held_bytes is None
        assert 4 * 10**6 <= after.in_use_bytes - before < 4 * 10**6 + 4096
        assert after.peak_bytes >= after.in_use_bytes
        del kept
    finally:
        tracemalloc.stop()


@pytest.mark.gpu
def test_gpu_stats_report_the_pool():
    cupy = pytest.importorskip("cupy")
    if not cupy.is_available():
        pytest.skip("CuPy is installed but sees no GPU")
    device = cl.get_device("@cupy:0")
    before = cl.memory.stats(device)
    kept = device.send(numpy.ones(10**6))
    after = cl.memory.stats(device)
    assert after.in_use_bytes - before.in_use_bytes >= MB8
    assert after.held_bytes >= after.in_use_bytes and after.peak_bytes is None
    del kept
