"""Forward + backward of common ops on a (1024, 1024) float32 array, against NumPy by hand.

For each op, ``ours`` runs ``y = F.op(x)`` then ``y.grad = gy; y.backward()``
through the autograd engine; ``numpy`` computes the same output and input
gradient with NumPy code written directly here (the textbook formulas, the
shortest vectorized way). The two alternate repeat by repeat in one process,
with one BLAS/OpenMP thread, and each figure is the median over ``--repeats``.

The ratio ``ours / numpy`` is the engine's and the op's overhead over the
arithmetic itself. Goal (issue 5): at most 1.2 for every op.

Prints exactly one JSON line on stdout.

Usage::

    python benchmarks/ops_vs_numpy.py [--repeats 15] [--size 1024]
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # before NumPy loads its BLAS

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [
    os.path.normpath(os.path.join(HERE, "..", "src")),
    os.path.normpath(os.path.join(HERE, "..", "..", "cupy-lite", "src")),
]

import numpy  # noqa: E402

import chainer  # noqa: E402
import chainer.functions as F  # noqa: E402

INDEX = (slice(None, None, 2), slice(100, 600))


def _np_softmax(x, gy):
    e = numpy.exp(x - x.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    return y * (gy - (gy * y).sum(axis=1, keepdims=True))


def _np_log_softmax(x, gy):
    shifted = x - x.max(axis=1, keepdims=True)
    y = shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))
    return gy - numpy.exp(y) * gy.sum(axis=1, keepdims=True)


def _np_relu(x, gy):
    y = numpy.maximum(x, 0)
    return gy * (y > 0)


def _np_sigmoid(x, gy):
    y = 1 / (1 + numpy.exp(-x))
    return gy * y * (1 - y)


def _np_tanh(x, gy):
    y = numpy.tanh(x)
    return gy * (1 - y * y)


def _np_sum(x, gy):
    y = x.sum()
    del y
    return numpy.broadcast_to(gy, x.shape).copy()


def _np_matmul(x, gy, w):
    y = x @ w
    del y
    return gy @ w.T, x.T @ gy


def _np_get_item(x, gy):
    y = x[INDEX]
    del y
    gx = numpy.zeros_like(x)
    gx[INDEX] = gy
    return gx


# name -> (our forward, NumPy forward+backward, shape of the output gradient)
def _cases(n):
    return {
        "softmax": (lambda x, w: F.softmax(x), _np_softmax, (n, n)),
        "log_softmax": (lambda x, w: F.log_softmax(x), _np_log_softmax, (n, n)),
        "relu": (lambda x, w: F.relu(x), _np_relu, (n, n)),
        "sigmoid": (lambda x, w: F.sigmoid(x), _np_sigmoid, (n, n)),
        "tanh": (lambda x, w: F.tanh(x), _np_tanh, (n, n)),
        "sum": (lambda x, w: F.sum(x), _np_sum, ()),
        "matmul": (lambda x, w: F.matmul(x, w), None, (n, n)),
        "get_item": (lambda x, w: F.get_item(x, INDEX), _np_get_item, (n // 2, 500)),
    }


def _time_ours(forward, x_array, w_array, gy, with_w):
    x = chainer.Variable(x_array)
    w = chainer.Variable(w_array) if with_w else None
    start = time.perf_counter()
    y = forward(x, w)
    y.grad = gy
    y.backward()
    elapsed = time.perf_counter() - start
    assert x.grad is not None and x.grad.shape == x_array.shape
    return elapsed


def _time_numpy(reference, x_array, w_array, gy, with_w):
    start = time.perf_counter()
    if with_w:
        _np_matmul(x_array, gy, w_array)
    else:
        reference(x_array, gy)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--size", type=int, default=1024)
    args = parser.parse_args(argv)

    n = args.size
    rng = numpy.random.default_rng(0)
    x_array = rng.standard_normal((n, n)).astype(numpy.float32)
    w_array = (rng.standard_normal((n, n)) / numpy.sqrt(n)).astype(numpy.float32)
    results = {}
    for name, (forward, reference, gy_shape) in _cases(n).items():
        gy = rng.standard_normal(gy_shape).astype(numpy.float32)
        with_w = name == "matmul"
        for _ in range(2):  # warm-up
            _time_ours(forward, x_array, w_array, gy, with_w)
            _time_numpy(reference, x_array, w_array, gy, with_w)
        ours, hand = [], []
        for _ in range(args.repeats):
            ours.append(_time_ours(forward, x_array, w_array, gy, with_w))
            hand.append(_time_numpy(reference, x_array, w_array, gy, with_w))
        ours_ms = statistics.median(ours) * 1e3
        numpy_ms = statistics.median(hand) * 1e3
        results[name] = {
            "ours_ms": round(ours_ms, 3),
            "numpy_ms": round(numpy_ms, 3),
            "ratio": round(ours_ms / numpy_ms, 3),
        }
        print(f"{name}: {results[name]}", file=sys.stderr)
    worst = max(r["ratio"] for r in results.values())
    print(
        json.dumps(
            {
                "benchmark": "ops_vs_numpy",
                "shape": [n, n],
                "dtype": "float32",
                "threads": 1,
                "repeats": args.repeats,
                "statistic": "median of forward+backward wall time",
                "numpy": numpy.__version__,
                "ops": results,
                "worst_ratio": worst,
                "goal": "ratio <= 1.2 for every op",
                "goal_met": worst <= 1.2,
            }
        )
    )


if __name__ == "__main__":
    main()
