"""The examples against plain-NumPy/SciPy reference implementations written here."""

from __future__ import annotations

import importlib.util
import pathlib

import numpy
import pytest
from scipy import special, stats

import cupy_lite as cl

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(
        f"cupy_lite_example_{name}", EXAMPLES / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kmeans_example = _load("kmeans")
gmm_example = _load("gmm")


def reference_kmeans(x, centroids, max_iter):
    """Lloyd's algorithm with explicit pairwise differences (no matrix-product trick)."""
    centroids = centroids.copy()
    labels = None
    for _ in range(max_iter):
        distances = ((x[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = distances.argmin(axis=1)
        for j in range(len(centroids)):
            members = x[new_labels == j]
            if len(members):
                centroids[j] = members.mean(axis=0)
        if labels is not None and (new_labels == labels).all():
            break
        labels = new_labels
    distances = ((x[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return centroids, distances.argmin(axis=1), distances.min(axis=1).sum()


@pytest.mark.parametrize("seed", [1, 2])
def test_kmeans_matches_the_reference(device, seed):
    x_host, _ = kmeans_example.make_blobs(3000, n_features=4, n_clusters=6, seed=seed)
    # Random (not k-means++) starts, so that Lloyd runs several iterations.
    init_host = x_host[numpy.random.RandomState(seed).choice(len(x_host), 6, replace=False)]
    x, init = device.send((x_host, init_host))
    centroids, labels, n_iter, inertia = kmeans_example.kmeans(x, init, max_iter=100)
    assert device.is_array_supported(centroids) and device.is_array_supported(labels)
    ref_centroids, ref_labels, ref_inertia = reference_kmeans(x_host, init_host, 100)
    assert n_iter > 2
    numpy.testing.assert_array_equal(cl.to_numpy(labels), ref_labels)
    numpy.testing.assert_allclose(cl.to_numpy(centroids), ref_centroids, rtol=1e-10)
    assert inertia == pytest.approx(ref_inertia, rel=1e-9)


def reference_gmm(x, means, max_iter, tol, reg_covar):
    """EM with SciPy densities, one component at a time."""
    n, d = x.shape
    k = len(means)
    weights = numpy.full(k, 1.0 / k)
    means = means.copy()
    covs = numpy.stack([numpy.eye(d) * x.var(axis=0).mean()] * k)
    previous, n_iter = -numpy.inf, 0
    while True:
        log_p = numpy.column_stack(
            [stats.multivariate_normal(means[j], covs[j]).logpdf(x) for j in range(k)]
        ) + numpy.log(weights)
        log_norm = special.logsumexp(log_p, axis=1)
        log_likelihood = log_norm.mean()
        if log_likelihood - previous < tol or n_iter == max_iter:
            return weights, means, covs, log_likelihood, n_iter
        previous, n_iter = log_likelihood, n_iter + 1
        resp = numpy.exp(log_p - log_norm[:, None])
        nk = resp.sum(axis=0)
        weights = nk / n
        means = (resp.T @ x) / nk[:, None]
        for j in range(k):
            centered = x - means[j]
            covs[j] = (resp[:, j, None] * centered).T @ centered / nk[j] + reg_covar * numpy.eye(d)


def test_gmm_matches_the_reference(device):
    x_host, _ = gmm_example.make_data(1500, seed=3)
    init_host = gmm_example.initial_means(x_host, 3, seed=1)
    x, init = device.send((x_host, init_host))
    weights, means, covs, log_likelihood, n_iter = gmm_example.gmm_em(x, init, max_iter=60)
    ref = reference_gmm(x_host, init_host, max_iter=60, tol=1e-8, reg_covar=1e-6)
    assert device.is_array_supported(means)
    assert n_iter == ref[4] and 3 < n_iter < 60  # converged, by the tolerance
    numpy.testing.assert_allclose(cl.to_numpy(weights), ref[0], rtol=1e-6)
    numpy.testing.assert_allclose(cl.to_numpy(means), ref[1], rtol=1e-6, atol=1e-8)
    numpy.testing.assert_allclose(cl.to_numpy(covs), ref[2], rtol=1e-6, atol=1e-8)
    assert log_likelihood == pytest.approx(ref[3], rel=1e-9)
    # the mixture it finds is the one the data was drawn from
    numpy.testing.assert_allclose(numpy.sort(cl.to_numpy(weights)), [0.2, 0.3, 0.5], atol=0.03)


def test_examples_run_from_the_command_line(capsys):
    kmeans_example.main(["--samples", "2000"])
    gmm_example.main(["--samples", "1000"])
    out = capsys.readouterr().out
    assert "device @numpy: 2000 points, 8 clusters" in out and "inertia" in out
    assert "device @numpy: 1000 points, 3 components" in out and "log-likelihood" in out
