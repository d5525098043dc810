"""Aggressive buffer release: the graph keeps only the arrays backward needs."""

import gc
import weakref

import numpy

import chainer
import chainer.functions as F
import cupy_lite


def _chain(n_layers, op):
    x = chainer.Variable(numpy.ones(1000, numpy.float32))
    h = x
    refs = []
    for _ in range(n_layers):
        h = op(h)
        refs.append(weakref.ref(h.array))
    return x, h, refs


def test_unretained_intermediate_arrays_are_freed():
    # MulConstant and AddConstant need no arrays for backward.
    x, y, refs = _chain(100, lambda h: h * 2 + 1)
    gc.collect()
    alive = sum(r() is not None for r in refs)
    assert alive == 1  # only the last output, still held by `y`
    F.sum(y).backward()
    numpy.testing.assert_allclose(x.grad, numpy.full(1000, 2.0**100))


def test_retained_inputs_stay_alive_while_the_graph_does():
    # Mul retains both inputs, which backward needs (each output feeds the next Mul).
    x, y, refs = _chain(100, lambda h: h * h)
    gc.collect()
    assert all(r() is not None for r in refs)
    del y
    gc.collect()
    assert all(r() is None for r in refs)


def test_graph_memory_is_flat_for_unretaining_ops():
    def run(n_layers):
        with cupy_lite.memory.peak() as measured:
            x = chainer.Variable(numpy.ones(100_000, numpy.float32))
            h = x
            for _ in range(n_layers):
                h = h * 2 + 1
            kept = h
        del kept, x, h
        return measured.peak_bytes

    small = run(10)
    large = run(100)
    # Each array is 400 kB; keeping them all would add ~72 MB for 90 more layers.
    assert large < small + 4 * 400_000
