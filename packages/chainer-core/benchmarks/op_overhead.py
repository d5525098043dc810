"""Per-op overhead of the autograd engine: a chain of 1,000 tiny ops, forward and backward.

The chain is ``h = h * 0.5 + 1.0`` repeated 500 times on a 10-element float32
array (500 x (mul by a scalar + add a scalar) = 1,000 ops; 0.5 keeps the values
finite), then ``loss = sum(h)`` (one more op) and ``loss.backward()``. With so
little arithmetic, the time is the framework's bookkeeping per op.

* ``forward_ms``: the 1,000 ops plus the sum (graph construction included);
* ``backward_ms``: ``loss.backward()``;
* ``total_ms``: their sum. Each figure is the median over ``--repeats`` runs
  inside one process, then the median over ``--rounds`` processes.

Three sides, each in its own subprocess with one BLAS/OpenMP thread
(``OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1``), alternated round by
round so that machine noise spreads evenly over them:

* ``ours``: this repository's chainer (``src/``) and cupy-lite, on this interpreter;
* ``chainer7``: Chainer 7.8.1 from ``PEERS/chainer7`` (made by
  ``shared/tools/peer_venvs.sh``);
* ``torch``: PyTorch CPU from ``PEERS/torch``.

A peer whose venv is missing is skipped and reported as null. Peak memory of
one forward+backward is measured in a separate process per side (tracing
slows the ops down): ours with ``cupy_lite.memory.peak()``, the peers with
``tracemalloc``'s peak (they lack cupy-lite). Both count what tracemalloc sees:
NumPy buffers and Python objects; PyTorch's C++ allocator is invisible to it, so
torch's figure covers only its Python-side objects.

Prints exactly one JSON line on stdout (progress goes to stderr).

Usage::

    python benchmarks/op_overhead.py [--peers DIR] [--rounds 5] [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

N_PAIRS = 500  # 500 x (mul + add) = 1,000 ops
SIZE = 10
SIDES = ("ours", "chainer7", "torch")
HERE = os.path.dirname(os.path.abspath(__file__))
OURS_PATH = [
    os.path.normpath(os.path.join(HERE, "..", "src")),
    os.path.normpath(os.path.join(HERE, "..", "..", "cupy-lite", "src")),
]
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# -- the worker: runs in the side's own interpreter ------------------------------------


def _chainer_chain(chainer, numpy):
    def run():
        x = chainer.Variable(numpy.arange(SIZE, dtype=numpy.float32) / SIZE)
        start = time.perf_counter()
        h = x
        for _ in range(N_PAIRS):
            h = h * 0.5 + 1.0
        loss = chainer.functions.sum(h)
        middle = time.perf_counter()
        loss.backward()
        end = time.perf_counter()
        assert x.grad is not None and x.grad.shape == (SIZE,)
        return middle - start, end - middle

    return run


def _torch_chain(torch):
    def run():
        x = (torch.arange(SIZE, dtype=torch.float32) / SIZE).requires_grad_()
        start = time.perf_counter()
        h = x
        for _ in range(N_PAIRS):
            h = h * 0.5 + 1.0
        loss = h.sum()
        middle = time.perf_counter()
        loss.backward()
        end = time.perf_counter()
        assert x.grad is not None and tuple(x.grad.shape) == (SIZE,)
        return middle - start, end - middle

    return run


def _make_run(side):
    if side == "torch":
        import torch

        torch.set_num_threads(1)
        return _torch_chain(torch), f"torch {torch.__version__}"
    import numpy

    import chainer
    import chainer.functions  # noqa: F401 - Chainer 7 needs it imported explicitly

    return _chainer_chain(chainer, numpy), f"chainer {chainer.__version__}"


def _worker(side, mode, repeats):
    run, version = _make_run(side)
    for _ in range(3):  # warm-up: imports, caches, first-call paths
        run()
    if mode == "time":
        forward, backward = [], []
        for _ in range(repeats):
            f, b = run()
            forward.append(f)
            backward.append(b)
        totals = [f + b for f, b in zip(forward, backward)]
        result = {
            "forward_ms": statistics.median(forward) * 1e3,
            "backward_ms": statistics.median(backward) * 1e3,
            "total_ms": statistics.median(totals) * 1e3,
        }
    else:
        if side == "ours":
            import cupy_lite

            with cupy_lite.memory.peak("@numpy") as measured:
                run()
            peak, method = measured.peak_bytes, "cupy_lite.memory.peak()"
        else:
            import tracemalloc

            tracemalloc.start(1)
            baseline = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            run()
            peak = tracemalloc.get_traced_memory()[1] - baseline
            tracemalloc.stop()
            method = "tracemalloc peak over baseline"
            if side == "torch":
                method += " (Python objects only; torch's C++ allocator is not traced)"
        result = {"peak_bytes": int(peak), "memory_method": method}
    result["version"] = version
    print(json.dumps(result))


# -- the driver -------------------------------------------------------------------------


def _interpreter(side, peers):
    if side == "ours":
        return sys.executable
    python = os.path.join(peers, "chainer7" if side == "chainer7" else "torch", "bin", "python")
    return python if os.access(python, os.X_OK) else None


def _spawn(side, python, mode, repeats):
    env = dict(os.environ, **THREAD_ENV)
    env.pop("PYTHONPATH", None)
    if side == "ours":
        env["PYTHONPATH"] = os.pathsep.join(OURS_PATH)
    command = [python, os.path.abspath(__file__), "--worker", side, "--mode", mode]
    command += ["--repeats", str(repeats)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=HERE)
    if done.returncode != 0:
        raise RuntimeError(f"{side} ({mode}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ratio(a, b):
    return None if a is None or b is None or b == 0 else round(a / b, 3)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--peers",
        default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "chainer-peers"),
        help="folder with the chainer7/ and torch/ venvs (default: $TMPDIR/chainer-peers)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="processes per side")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per process")
    parser.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument(
        "--mode", choices=("time", "memory"), default="time", help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.mode, args.repeats)
        return

    pythons = {side: _interpreter(side, args.peers) for side in SIDES}
    present = [side for side in SIDES if pythons[side] is not None]
    for side in SIDES:
        if pythons[side] is None:
            print(f"skipping {side}: no venv under {args.peers}", file=sys.stderr)

    timings = {side: [] for side in present}
    for r in range(args.rounds):
        order = present[r % len(present) :] + present[: r % len(present)]
        for side in order:
            timings[side].append(_spawn(side, pythons[side], "time", args.repeats))
            print(f"round {r + 1}/{args.rounds} {side}: {timings[side][-1]}", file=sys.stderr)

    sides = {side: None for side in SIDES}
    for side in present:
        memory = _spawn(side, pythons[side], "memory", 1)
        runs = timings[side]
        sides[side] = {
            "version": runs[0]["version"],
            "forward_ms": round(statistics.median(t["forward_ms"] for t in runs), 3),
            "backward_ms": round(statistics.median(t["backward_ms"] for t in runs), 3),
            "total_ms": round(statistics.median(t["total_ms"] for t in runs), 3),
            "peak_bytes": memory["peak_bytes"],
            "memory_method": memory["memory_method"],
        }

    def ratios(other):
        if sides["ours"] is None or sides[other] is None:
            return None
        result = {
            key: _ratio(sides["ours"][key], sides[other][key])
            for key in ("forward_ms", "backward_ms", "total_ms", "peak_bytes")
        }
        if other == "torch":
            # tracemalloc does not see torch's tensor storage: no like-for-like ratio.
            result["peak_bytes"] = None
        return result

    ours_vs_chainer7 = ratios("chainer7")
    report = {
        "benchmark": "op_overhead",
        "chain": f"h = h * 0.5 + 1.0 x {N_PAIRS} (= {2 * N_PAIRS} ops) on float32[{SIZE}], "
        "then sum; forward = chain + sum, backward = loss.backward()",
        "threads": 1,
        "rounds": args.rounds,
        "repeats": args.repeats,
        "statistic": "median over rounds of the per-process median",
        "sides": sides,
        "ours/chainer7": ours_vs_chainer7,
        "ours/torch": ratios("torch"),
        "goal": "ours total_ms <= 0.5 x chainer7 total_ms",
        "goal_met": None if ours_vs_chainer7 is None else ours_vs_chainer7["total_ms"] <= 0.5,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
