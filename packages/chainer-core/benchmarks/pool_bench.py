"""Forward + backward of ``F.max_pooling_2d`` at the shape of AlexNet's first pooling layer.

x ``(16, 64, 55, 55)`` float32 (a hidden activation, so backward computes its
gradient), window 3, stride 2, no padding, ``cover_all=True`` (the default)
-> y ``(16, 64, 27, 27)``; one BLAS/OpenMP thread.

Each repeat runs ``y = max_pooling_2d(x, 3, stride=2)``, then
``y.grad = gy; y.backward()``, timing the forward and the backward apart, in
wall time (``*_ms``) and in the process's CPU time (``*_cpu_ms``; with one
thread, the better figure on a busy machine). Each figure is the median over
``--repeats`` (after two warm-up runs) and then over ``--rounds`` processes.

Where the Chainer 7.8.1 peer environment exists (``--peers``, see
``benchmarks/README.md``), the same measurement runs there too, alternating
with ours round by round, and ``ours/chainer7`` gives the ratios (below 1:
ours is faster).

Prints exactly one JSON line on stdout (progress goes to stderr).

Usage::

    python benchmarks/pool_bench.py [--repeats 20] [--rounds 3] [--peers DIR]
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # before NumPy loads its BLAS

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_PATHS = [
    os.path.normpath(os.path.join(HERE, "..", "src")),
    os.path.normpath(os.path.join(HERE, "..", "..", "cupy-lite", "src")),
]

SHAPE = (16, 64, 55, 55)
KSIZE, STRIDE = 3, 2
KEYS = (
    "forward_ms",
    "backward_ms",
    "total_ms",
    "forward_cpu_ms",
    "backward_cpu_ms",
    "total_cpu_ms",
)


def _worker(repeats):
    """Measures in this interpreter (ours or the peer's chainer); returns the medians in ms."""
    import numpy

    import chainer

    try:
        from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
    except ImportError:  # Chainer 7.8.1 defines it in pooling/max_pooling_nd.py
        from chainer.functions import max_pooling_2d

    rng = numpy.random.RandomState(0)
    x_array = rng.standard_normal(SHAPE).astype(numpy.float32)
    y_shape = max_pooling_2d(x_array, KSIZE, stride=STRIDE).shape
    gy = rng.standard_normal(y_shape).astype(numpy.float32)

    def run():
        x = chainer.Variable(x_array)
        start, start_cpu = time.perf_counter(), time.process_time()
        y = max_pooling_2d(x, KSIZE, stride=STRIDE)
        middle, middle_cpu = time.perf_counter(), time.process_time()
        y.grad = gy
        y.backward()
        end, end_cpu = time.perf_counter(), time.process_time()
        assert x.grad is not None
        return (
            middle - start,
            end - middle,
            end - start,
            middle_cpu - start_cpu,
            end_cpu - middle_cpu,
            end_cpu - start_cpu,
        )

    for _ in range(2):  # warm-up
        run()
    runs = [run() for _ in range(repeats)]
    result = {k: statistics.median(r[i] for r in runs) * 1e3 for i, k in enumerate(KEYS)}
    result["y_shape"] = list(y_shape)
    result["numpy"] = numpy.__version__
    result["chainer"] = chainer.__version__
    return result


def _side(python, extra_path, repeats):
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(extra_path + [env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
    else:
        env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [python, os.path.abspath(__file__), "--worker", "--repeats", str(repeats)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),  # so the peer never imports this repository's chainer
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--peers", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "chainer-peers")
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(_worker(args.repeats)))
        return

    sides = {"ours": (sys.executable, SRC_PATHS)}
    peer = os.path.join(args.peers, "chainer7", "bin", "python")
    if os.path.exists(peer):
        sides["chainer7"] = (peer, [])
    runs = {name: [] for name in sides}
    for round_ in range(args.rounds):
        for name, (python, path) in sides.items():
            runs[name].append(_side(python, path, args.repeats))
            print(f"round {round_} {name}: {runs[name][-1]}", file=sys.stderr)

    results = {}
    for name, side_runs in runs.items():
        results[name] = {k: round(statistics.median(r[k] for r in side_runs), 2) for k in KEYS}
        results[name]["chainer"] = side_runs[0]["chainer"]
        results[name]["numpy"] = side_runs[0]["numpy"]
    ratios = None
    if "chainer7" in results:
        ratios = {
            k: round(results["ours"][k] / results["chainer7"][k], 3)
            for k in KEYS
            if results["chainer7"][k] > 0
        }
    print(
        json.dumps(
            {
                "benchmark": "pool_bench",
                "op": "max_pooling_2d",
                "x": list(SHAPE),
                "ksize": KSIZE,
                "stride": STRIDE,
                "pad": 0,
                "cover_all": True,
                "y": runs["ours"][0]["y_shape"],
                "dtype": "float32",
                "threads": 1,
                "repeats": args.repeats,
                "rounds": args.rounds,
                "statistic": "median wall time (*_ms) and process CPU time (*_cpu_ms)",
                "sides": results,
                "chainer7": None if "chainer7" not in results else "Chainer 7.8.1 peer venv",
                "ours/chainer7": ratios,
            }
        )
    )


if __name__ == "__main__":
    main()
