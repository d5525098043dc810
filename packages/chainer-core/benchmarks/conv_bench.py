"""Forward + backward of ``F.convolution_2d`` at the shapes of AlexNet's first two layers.

Batch 16, float32, one BLAS/OpenMP thread:

* ``conv1``: x ``(16, 3, 224, 224)``, W ``(64, 3, 11, 11)``, stride 4, pad 2
  -> y ``(16, 64, 55, 55)``. x is the image batch and needs no gradient (as in
  training), so backward computes the filter and bias gradients only.
* ``conv2``: x ``(16, 64, 27, 27)``, W ``(192, 64, 5, 5)``, stride 1, pad 2
  -> y ``(16, 192, 27, 27)``. x is a hidden activation: backward computes the
  data, filter and bias gradients.

Each repeat runs ``y = F.convolution_2d(x, W, b, ...)``, then
``y.grad = gy; y.backward()``, timing the forward and the backward apart, in
wall time (``*_ms``) and in this process's CPU time (``*_cpu_ms``; with one
thread, the better figure on a busy machine). Each figure is the median over
``--repeats`` (after two warm-up runs).

Prints exactly one JSON line on stdout (progress goes to stderr).

Usage::

    python benchmarks/conv_bench.py [--repeats 10]
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
from chainer.functions.connection.convolution_2d import convolution_2d  # noqa: E402

BATCH = 16
# name -> (x shape, W shape, stride, pad, whether x needs a gradient)
LAYERS = {
    "conv1": ((BATCH, 3, 224, 224), (64, 3, 11, 11), 4, 2, False),
    "conv2": ((BATCH, 64, 27, 27), (192, 64, 5, 5), 1, 2, True),
}


def _run(x_array, w_array, b_array, gy, stride, pad, x_grad):
    x = chainer.Variable(x_array) if x_grad else x_array
    W = chainer.Variable(w_array)
    b = chainer.Variable(b_array)
    start, start_cpu = time.perf_counter(), time.process_time()
    y = convolution_2d(x, W, b, stride=stride, pad=pad)
    middle, middle_cpu = time.perf_counter(), time.process_time()
    y.grad = gy
    y.backward()
    end, end_cpu = time.perf_counter(), time.process_time()
    assert W.grad is not None and (not x_grad or x.grad is not None)
    return {
        "forward_ms": middle - start,
        "backward_ms": end - middle,
        "total_ms": end - start,
        "forward_cpu_ms": middle_cpu - start_cpu,
        "backward_cpu_ms": end_cpu - middle_cpu,
        "total_cpu_ms": end_cpu - start_cpu,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)

    rng = numpy.random.default_rng(0)
    results = {}
    for name, (x_shape, w_shape, stride, pad, x_grad) in LAYERS.items():
        x_array = rng.standard_normal(x_shape, dtype=numpy.float32)
        fan_in = w_shape[1] * w_shape[2] * w_shape[3]
        w_array = rng.standard_normal(w_shape, dtype=numpy.float32) / numpy.float32(fan_in**0.5)
        b_array = numpy.zeros(w_shape[0], numpy.float32)
        y_shape = convolution_2d(x_array, w_array, b_array, stride=stride, pad=pad).shape
        gy = rng.standard_normal(y_shape, dtype=numpy.float32)
        for _ in range(2):  # warm-up
            _run(x_array, w_array, b_array, gy, stride, pad, x_grad)
        runs = [
            _run(x_array, w_array, b_array, gy, stride, pad, x_grad) for _ in range(args.repeats)
        ]
        results[name] = {
            "x": list(x_shape),
            "W": list(w_shape),
            "stride": stride,
            "pad": pad,
            "x_needs_grad": x_grad,
        }
        for key in runs[0]:
            results[name][key] = round(statistics.median(r[key] for r in runs) * 1e3, 2)
        print(f"{name}: {results[name]}", file=sys.stderr)
    print(
        json.dumps(
            {
                "benchmark": "conv_bench",
                "side": "ours",
                "dtype": "float32",
                "threads": 1,
                "repeats": args.repeats,
                "statistic": "median wall time (*_ms) and process CPU time (*_cpu_ms)",
                "numpy": numpy.__version__,
                "layers": results,
            }
        )
    )


if __name__ == "__main__":
    main()
