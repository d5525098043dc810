"""k-means clustering (Lloyd's algorithm) with cupy-lite, on the CPU or a GPU.

    python examples/kmeans.py                    # '@numpy'
    python examples/kmeans.py --device @cupy:0   # GPU 0

The data (Gaussian blobs) is generated on the CPU with a fixed seed and sent to the
device, so every device clusters the same points.
"""

from __future__ import annotations

import argparse
import time

import numpy

import cupy_lite as cl


def make_blobs(n_samples: int = 20000, n_features: int = 8, n_clusters: int = 8, seed: int = 0):
    """Returns ``(x, true_centers)``: float64 points ``(n_samples, n_features)`` drawn
    around ``n_clusters`` centers ``(n_clusters, n_features)``, as NumPy arrays."""
    rng = numpy.random.RandomState(seed)
    centers = rng.uniform(-10.0, 10.0, size=(n_clusters, n_features))
    labels = rng.randint(n_clusters, size=n_samples)
    x = centers[labels] + rng.normal(scale=1.0, size=(n_samples, n_features))
    return x, centers


def kmeans(x, init_centroids, max_iter: int = 100, tol: float = 0.0):
    """Lloyd's k-means on the device of ``x``.

    Args:
        x: points, float array ``(n, d)``.
        init_centroids: starting centroids ``(k, d)``, same device as ``x``.
        max_iter: iteration limit.
        tol: stop when no centroid moves more than ``tol`` (0: stop when the
            assignments no longer change).

    Returns:
        tuple: ``(centroids (k, d), labels (n,) int64, n_iter, inertia)``, where the
        inertia is the sum of squared distances of the points to their centroid (a
        Python float) and an empty cluster keeps its previous centroid.
    """
    with cl.get_device_from_array(x):  # cl.arange below must land on x's device
        return _lloyd(x, init_centroids, max_iter, tol)


def _lloyd(x, init_centroids, max_iter, tol):
    centroids = init_centroids.copy()
    k = centroids.shape[0]
    x_sq = cl.sum(x * x, axis=1, keepdims=True)
    labels = None
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - n_iter is returned
        # Squared distances |x|^2 - 2 x.c + |c|^2 as one matrix product, (n, k).
        dist = x_sq - 2.0 * cl.dot(x, centroids.T) + cl.sum(centroids * centroids, axis=1)
        new_labels = cl.argmin(dist, axis=1)
        one_hot = (new_labels[:, None] == cl.arange(k)[None, :]).astype(x.dtype)
        counts = cl.sum(one_hot, axis=0)
        sums = cl.dot(one_hot.T, x)
        new_centroids = cl.where(
            counts[:, None] > 0, sums / cl.maximum(counts, 1.0)[:, None], centroids
        )
        shift = float(cl.max(cl.abs(new_centroids - centroids)))
        centroids = new_centroids
        converged = labels is not None and bool(cl.all(new_labels == labels))
        labels = new_labels
        if converged or (tol > 0 and shift <= tol):
            break
    dist = x_sq - 2.0 * cl.dot(x, centroids.T) + cl.sum(centroids * centroids, axis=1)
    labels = cl.argmin(dist, axis=1)
    inertia = float(cl.sum(cl.maximum(cl.min(dist, axis=1), 0.0)))
    return centroids, labels, n_iter, inertia


def initial_centroids(x, k: int, seed: int = 0):
    """k-means++ seeding on the CPU: returns ``k`` points of ``x`` (NumPy, ``(n, d)``),
    each drawn with probability proportional to its squared distance to the nearest
    point already chosen."""
    rng = numpy.random.RandomState(seed)
    chosen = [x[rng.randint(len(x))]]
    nearest = numpy.sum((x - chosen[0]) ** 2, axis=1)
    for _ in range(1, k):
        chosen.append(x[rng.choice(len(x), p=nearest / nearest.sum())])
        nearest = numpy.minimum(nearest, numpy.sum((x - chosen[-1]) ** 2, axis=1))
    return numpy.stack(chosen)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="@numpy", help="'@numpy' or '@cupy:N'")
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--clusters", type=int, default=8)
    args = parser.parse_args(argv)

    device = cl.get_device(args.device)
    x_host, _ = make_blobs(args.samples, n_clusters=args.clusters, seed=0)
    init_host = initial_centroids(x_host, args.clusters, seed=1)
    with device:
        x, init = device.send((x_host, init_host))
        start = time.perf_counter()
        centroids, labels, n_iter, inertia = kmeans(x, init)
        cl.to_numpy(labels)  # waits for the GPU
        elapsed = time.perf_counter() - start
    sizes = numpy.bincount(cl.to_numpy(labels), minlength=args.clusters)
    print(f"device {device.name}: {args.samples} points, {args.clusters} clusters")
    print(f"iterations {n_iter}, inertia {inertia:.4f}, time {elapsed:.3f} s")
    print(f"cluster sizes {sizes.tolist()}")


if __name__ == "__main__":
    main()
