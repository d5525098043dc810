"""cupy-lite's dispatch overhead on k-means, and the GPU speedup where there is a GPU.

Runs the k-means of examples/kmeans.py through cupy-lite and the same algorithm
written directly against NumPy, alternating the two, on one CPU thread; prints one
JSON line of figures. With a GPU, also times cupy-lite on '@cupy:0' (else null).

    python benchmarks/kmeans_bench.py [--repeats 7] [--samples 50000]
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # before NumPy loads its BLAS

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy  # noqa: E402

import cupy_lite as cl  # noqa: E402

_EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "kmeans.py"
_spec = importlib.util.spec_from_file_location("cupy_lite_example_kmeans", _EXAMPLE)
kmeans_example = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kmeans_example)


def numpy_kmeans(x, init_centroids, max_iter=100):
    """The algorithm of examples/kmeans.py, op for op, in plain NumPy."""
    centroids = init_centroids.copy()
    k = centroids.shape[0]
    x_sq = numpy.sum(x * x, axis=1, keepdims=True)
    labels = None
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007
        dist = x_sq - 2.0 * numpy.dot(x, centroids.T) + numpy.sum(centroids * centroids, axis=1)
        new_labels = numpy.argmin(dist, axis=1)
        one_hot = (new_labels[:, None] == numpy.arange(k)[None, :]).astype(x.dtype)
        counts = numpy.sum(one_hot, axis=0)
        sums = numpy.dot(one_hot.T, x)
        new_centroids = numpy.where(
            counts[:, None] > 0, sums / numpy.maximum(counts, 1.0)[:, None], centroids
        )
        float(numpy.max(numpy.abs(new_centroids - centroids)))
        centroids = new_centroids
        converged = labels is not None and bool(numpy.all(new_labels == labels))
        labels = new_labels
        if converged:
            break
    dist = x_sq - 2.0 * numpy.dot(x, centroids.T) + numpy.sum(centroids * centroids, axis=1)
    labels = numpy.argmin(dist, axis=1)
    inertia = float(numpy.sum(numpy.maximum(numpy.min(dist, axis=1), 0.0)))
    return centroids, labels, n_iter, inertia


def _time(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    cl.to_numpy(result[1])  # waits for the GPU, if any
    return time.perf_counter() - start, result


def dispatch_overhead_us(calls: int = 100_000) -> float:
    """Extra microseconds per call of ``cl.add(a, a)`` over ``numpy.add(a, a)``, 3 elements."""
    a = numpy.ones(3)
    spent = {}
    for name, fn in (("numpy", numpy.add), ("cupy_lite", cl.add)) * 2:
        start = time.perf_counter()
        for _ in range(calls):
            fn(a, a)
        spent[name] = time.perf_counter() - start  # the second round counts (warm)
    return 1e6 * (spent["cupy_lite"] - spent["numpy"]) / calls


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50000)
    parser.add_argument("--features", type=int, default=16)
    parser.add_argument("--clusters", type=int, default=16)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    rng = numpy.random.RandomState(0)
    # Uniform data: Lloyd does not converge early, so every run does --iters iterations.
    x = rng.uniform(size=(args.samples, args.features))
    init = x[rng.choice(args.samples, size=args.clusters, replace=False)]

    def run_cupy_lite(a, b):
        return kmeans_example.kmeans(a, b, max_iter=args.iters)

    def run_numpy(a, b):
        return numpy_kmeans(a, b, max_iter=args.iters)

    _, ours = _time(run_cupy_lite, x, init)  # warm-up, and the results must agree
    _, theirs = _time(run_numpy, x, init)
    assert ours[2] == theirs[2] and numpy.array_equal(ours[1], theirs[1])
    times = {"cupy_lite": [], "numpy": []}
    for repeat in range(args.repeats):
        order = ["cupy_lite", "numpy"] if repeat % 2 == 0 else ["numpy", "cupy_lite"]
        for name in order:
            fn = run_cupy_lite if name == "cupy_lite" else run_numpy
            times[name].append(_time(fn, x, init)[0])
    med = {name: statistics.median(values) for name, values in times.items()}
    best = {name: min(values) for name, values in times.items()}

    gpu = None
    if cl.is_gpu_available():
        device = cl.get_device("@cupy:0")
        with device:
            x_gpu, init_gpu = device.send((x, init))
            _time(run_cupy_lite, x_gpu, init_gpu)  # warm-up: kernel compilation
            gpu_times = [_time(run_cupy_lite, x_gpu, init_gpu)[0] for _ in range(args.repeats)]
        gpu_median = statistics.median(gpu_times)
        gpu = {
            "device": device.name,
            "gpu_s_median": round(gpu_median, 5),
            "speedup_over_cpu": round(med["cupy_lite"] / gpu_median, 2),
        }

    figures = {
        "benchmark": "kmeans",
        "samples": args.samples,
        "features": args.features,
        "clusters": args.clusters,
        "iterations": ours[2],
        "repeats": args.repeats,
        "threads": 1,
        "numpy_s_median": round(med["numpy"], 5),
        "cupy_lite_s_median": round(med["cupy_lite"], 5),
        "overhead_pct_median": round(100.0 * (med["cupy_lite"] / med["numpy"] - 1.0), 2),
        "overhead_pct_min": round(100.0 * (best["cupy_lite"] / best["numpy"] - 1.0), 2),
        "goal_pct": 5.0,
        "dispatch_overhead_us_per_call": round(dispatch_overhead_us(), 3),
        "gpu": gpu,
        "gpu_speedup": None if gpu is None else gpu["speedup_over_cpu"],
        "numpy": numpy.__version__,
        "cupy_lite": cl.__version__,
        "python": platform.python_version(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
