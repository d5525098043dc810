"""Running one benchmark step on several sides (ours, Chainer 7.8.1, PyTorch), alternated.

A benchmark script defines ``build(side, args)`` returning ``(step, version)``,
where ``step()`` runs one iteration and returns ``(forward_seconds,
backward_seconds)``; it calls :func:`main` with that function. :func:`main`
then either works as the *worker* (inside one side's interpreter: warm-up,
``--repeats`` timed steps, one JSON line of medians) or as the *driver*
(``--rounds`` worker processes per side, the sides taking turns round by round,
then one JSON line with the medians over rounds and ours/peer ratios).

Every worker runs with one BLAS/OpenMP thread. Peers come from the venvs that
``shared/tools/peer_venvs.sh`` makes: ``PEERS/chainer7`` and ``PEERS/torch``;
a missing one is reported as null.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

SIDES = ("ours", "chainer7", "torch")
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
HERE = os.path.dirname(os.path.abspath(__file__))
OURS_PATH = [
    os.path.normpath(os.path.join(HERE, "..", "src")),
    os.path.normpath(os.path.join(HERE, "..", "..", "cupy-lite", "src")),
]
KEYS = ("forward_ms", "backward_ms", "total_ms")


def _worker(build, side, args):
    step, version = build(side, args)
    for _ in range(args.warmup):
        step()
    forward, backward = [], []
    for _ in range(args.repeats):
        f, b = step()
        forward.append(f)
        backward.append(b)
    totals = [f + b for f, b in zip(forward, backward)]
    print(
        json.dumps(
            {
                "version": version,
                "forward_ms": statistics.median(forward) * 1e3,
                "backward_ms": statistics.median(backward) * 1e3,
                "total_ms": statistics.median(totals) * 1e3,
            }
        )
    )


def _interpreter(side, peers):
    if side == "ours":
        return sys.executable
    python = os.path.join(peers, side, "bin", "python")
    return python if os.access(python, os.X_OK) else None


def _spawn(script, side, python, args, extra):
    env = dict(os.environ, **THREAD_ENV)
    env.pop("PYTHONPATH", None)
    if side == "ours":
        env["PYTHONPATH"] = os.pathsep.join(OURS_PATH)
    command = [python, script, "--worker", side, "--repeats", str(args.repeats)]
    command += ["--warmup", str(args.warmup), *extra]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=HERE)
    if done.returncode != 0:
        raise RuntimeError(f"{side} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(forward, backward):
    """Runs ``forward()`` then ``backward(out)``; returns their wall times in seconds."""
    start = time.perf_counter()
    out = forward()
    middle = time.perf_counter()
    backward(out)
    return middle - start, time.perf_counter() - middle


def main(build, *, description, name, goal, goal_ratio, extra_arguments=(), rounds=3, repeats=3):
    """Parses the command line and runs as the worker or as the driver.

    Args:
        build: ``build(side, args) -> (step, version)``.
        description (str): the script's one-line description.
        name (str): the benchmark's name in the JSON line.
        goal (str): the goal in words.
        goal_ratio (float): the largest accepted ours/chainer7 ``total_ms`` ratio.
        extra_arguments: ``(flag, kwargs)`` pairs for ``add_argument``; their
            values are passed on to the workers.
        rounds (int): default worker processes per side.
        repeats (int): default timed steps per worker.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--peers",
        default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "chainer-peers"),
        help="folder with the chainer7/ and torch/ venvs (default: $TMPDIR/chainer-peers)",
    )
    parser.add_argument("--rounds", type=int, default=rounds, help="processes per side")
    parser.add_argument("--repeats", type=int, default=repeats, help="timed steps per process")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps per process")
    parser.add_argument("--sides", default=",".join(SIDES), help="comma-separated sides to run")
    parser.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    for flag, kwargs in extra_arguments:
        parser.add_argument(flag, **kwargs)
    args = parser.parse_args()
    if args.worker:
        _worker(build, args.worker, args)
        return

    extra = []
    for flag, _ in extra_arguments:
        extra += [flag, str(getattr(args, flag.lstrip("-").replace("-", "_")))]
    script = os.path.abspath(sys.argv[0])
    wanted = [s for s in args.sides.split(",") if s]
    pythons = {side: _interpreter(side, args.peers) for side in wanted}
    present = [side for side in wanted if pythons[side] is not None]
    for side in wanted:
        if pythons[side] is None:
            print(f"skipping {side}: no venv under {args.peers}", file=sys.stderr)

    runs = {side: [] for side in present}
    for r in range(args.rounds):
        order = present[r % len(present) :] + present[: r % len(present)]
        for side in order:
            runs[side].append(_spawn(script, side, pythons[side], args, extra))
            print(f"round {r + 1}/{args.rounds} {side}: {runs[side][-1]}", file=sys.stderr)

    sides = {side: None for side in SIDES}
    for side in present:
        sides[side] = {"version": runs[side][0]["version"]}
        for key in KEYS:
            sides[side][key] = round(statistics.median(t[key] for t in runs[side]), 2)

    def ratios(other):
        if sides["ours"] is None or sides[other] is None:
            return None
        return {key: round(sides["ours"][key] / sides[other][key], 3) for key in KEYS}

    versus_chainer = ratios("chainer7")
    print(
        json.dumps(
            {
                "benchmark": name,
                "threads": 1,
                "rounds": args.rounds,
                "repeats": args.repeats,
                "statistic": "median over rounds of the per-process median",
                "sides": sides,
                "ours/chainer7": versus_chainer,
                "ours/torch": ratios("torch"),
                "goal": goal,
                "goal_met": None
                if versus_chainer is None
                else versus_chainer["total_ms"] <= goal_ratio,
            }
        )
    )
