"""Forward + backward of ``n_step_lstm`` at the size of the PTB language model.

Two layers of 650 units, 35 time steps, a batch of 20 sequences of 650-dim
inputs (what an embedding would give), float32, one BLAS/OpenMP thread. The
weights are leaf Variables (as parameters), the inputs Variables that need a
gradient (as an embedding's output); the loss is the sum of all outputs.

* ``forward_ms``: ``F.n_step_lstm`` plus the loss (graph construction included);
* ``backward_ms``: ``loss.backward()``;
* ``total_ms``: their sum per run. Each figure is the median over ``--repeats``
  runs after ``--warmup`` runs, in this process.

Only this repository's chainer is measured for now (no peers).

Prints exactly one JSON line on stdout.

Usage::

    python benchmarks/lstm_bench.py [--repeats 10] [--warmup 2]
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
from chainer.functions.array.concat import concat  # noqa: E402
from chainer.functions.math.sum import sum as F_sum  # noqa: E402
from chainer.functions.rnn.n_step_lstm import n_step_lstm  # noqa: E402

N_LAYERS = 2
UNITS = 650
IN_SIZE = 650
STEPS = 35
BATCH = 20
DTYPE = numpy.float32


def _make_inputs(rng):
    def uniform(shape, scale):
        return rng.uniform(-scale, scale, shape).astype(DTYPE)

    scale = 1 / numpy.sqrt(UNITS)
    ws = [
        [
            chainer.Variable(uniform((UNITS, IN_SIZE if layer == 0 and j < 4 else UNITS), scale))
            for j in range(8)
        ]
        for layer in range(N_LAYERS)
    ]
    bs = [[chainer.Variable(uniform((UNITS,), scale)) for _ in range(8)] for _ in range(N_LAYERS)]
    hx = chainer.Variable(numpy.zeros((N_LAYERS, BATCH, UNITS), DTYPE))
    cx = chainer.Variable(numpy.zeros((N_LAYERS, BATCH, UNITS), DTYPE))
    xs = [chainer.Variable(uniform((BATCH, IN_SIZE), 1.0)) for _ in range(STEPS)]
    return hx, cx, ws, bs, xs


def _run_once(inputs):
    hx, cx, ws, bs, xs = inputs
    for v in [hx, cx, *xs, *(w for ws_l in ws for w in ws_l), *(b for bs_l in bs for b in bs_l)]:
        v.cleargrad()
    start = time.perf_counter()
    _, _, ys = n_step_lstm(N_LAYERS, 0.0, hx, cx, ws, bs, xs)
    loss = F_sum(concat(ys, axis=0))
    middle = time.perf_counter()
    loss.backward()
    end = time.perf_counter()
    assert ws[0][0].grad is not None and xs[0].grad is not None
    return (middle - start) * 1e3, (end - middle) * 1e3


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)

    inputs = _make_inputs(numpy.random.default_rng(0))
    for _ in range(args.warmup):
        _run_once(inputs)
    forward, backward, total = [], [], []
    for i in range(args.repeats):
        f, b = _run_once(inputs)
        forward.append(f)
        backward.append(b)
        total.append(f + b)
        print(f"run {i}: forward {f:.1f} ms, backward {b:.1f} ms", file=sys.stderr)
    result = {
        "benchmark": "lstm_bench",
        "config": {
            "n_layers": N_LAYERS,
            "units": UNITS,
            "in_size": IN_SIZE,
            "steps": STEPS,
            "batch": BATCH,
            "dtype": "float32",
            "threads": 1,
            "repeats": args.repeats,
        },
        "sides": {
            "ours": {
                "forward_ms": round(statistics.median(forward), 2),
                "backward_ms": round(statistics.median(backward), 2),
                "total_ms": round(statistics.median(total), 2),
            }
        },
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
