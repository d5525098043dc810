"""Gaussian mixture (full covariances) fitted by EM with cupy-lite, on the CPU or a GPU.

    python examples/gmm.py                    # '@numpy'
    python examples/gmm.py --device @cupy:0   # GPU 0

The data is generated on the CPU with a fixed seed and sent to the device.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy

import cupy_lite as cl


def make_data(n_samples: int = 6000, seed: int = 0):
    """Returns NumPy ``(x (n, 2) float64, labels (n,))`` from 3 correlated Gaussians
    with weights 0.5, 0.3, 0.2."""
    rng = numpy.random.RandomState(seed)
    means = numpy.array([[0.0, 0.0], [6.0, 2.0], [-3.0, 7.0]])
    covs = numpy.array(
        [[[2.0, 0.8], [0.8, 1.0]], [[1.0, -0.5], [-0.5, 1.5]], [[0.6, 0.0], [0.0, 2.5]]]
    )
    labels = rng.choice(3, size=n_samples, p=[0.5, 0.3, 0.2])
    noise = rng.standard_normal((n_samples, 2))
    x = means[labels] + numpy.einsum("nij,nj->ni", numpy.linalg.cholesky(covs)[labels], noise)
    return x, labels


def _logsumexp(a, axis):
    top = cl.max(a, axis=axis, keepdims=True)
    return cl.squeeze(top, axis=axis) + cl.log(cl.sum(cl.exp(a - top), axis=axis))


def _log_gaussians(x, means, covs):
    """log N(x_i | mean_j, cov_j) as an ``(n, k)`` array."""
    d = x.shape[1]
    chol = cl.linalg.cholesky(covs)  # (k, d, d), lower
    diff = (x[None, :, :] - means[:, None, :]).transpose(0, 2, 1)  # (k, d, n)
    z = cl.linalg.solve(chol, diff)  # chol^-1 (x - mean)
    mahalanobis = cl.sum(z * z, axis=1)  # (k, n)
    log_det = 2.0 * cl.sum(cl.log(cl.diagonal(chol, axis1=1, axis2=2)), axis=1)
    return (-0.5 * (d * math.log(2.0 * math.pi) + log_det[:, None] + mahalanobis)).T


def _e_step(x, weights, means, covs):
    weighted = _log_gaussians(x, means, covs) + cl.log(weights)
    log_norm = _logsumexp(weighted, axis=1)
    return float(cl.mean(log_norm)), cl.exp(weighted - log_norm[:, None])


def gmm_em(x, init_means, max_iter: int = 200, tol: float = 1e-8, reg_covar: float = 1e-6):
    """Fits a Gaussian mixture by EM on the device of ``x``.

    Starts from uniform weights, the given means and isotropic covariances of the
    data's mean variance.

    Args:
        x: points, float array ``(n, d)``.
        init_means: starting means ``(k, d)``, same device as ``x``.
        max_iter: limit on EM iterations (M-steps).
        tol: stop when the mean log-likelihood gains less than ``tol``.
        reg_covar: added to every covariance diagonal.

    Returns:
        tuple: ``(weights (k,), means (k, d), covs (k, d, d), log_likelihood, n_iter)``
        where ``log_likelihood`` (Python float) is the mean per-point log-likelihood of
        the returned parameters.
    """
    with cl.get_device_from_array(x):  # creation functions below must land on x's device
        n, d = x.shape
        k = init_means.shape[0]
        eye = cl.eye(d, dtype=x.dtype)
        weights = cl.full(k, 1.0 / k, dtype=x.dtype)
        means = init_means.copy()
        covs = cl.broadcast_to(eye * float(cl.mean(cl.var(x, axis=0))), (k, d, d)).copy()
        previous = -math.inf
        n_iter = 0
        while True:
            log_likelihood, resp = _e_step(x, weights, means, covs)
            if log_likelihood - previous < tol or n_iter == max_iter:
                break
            previous = log_likelihood
            n_iter += 1
            counts = cl.sum(resp, axis=0) + 1e-12  # (k,)
            weights = counts / n
            means = cl.dot(resp.T, x) / counts[:, None]
            diff = x[None, :, :] - means[:, None, :]  # (k, n, d)
            weighted_diff = diff * resp.T[:, :, None]
            covs = cl.matmul(weighted_diff.transpose(0, 2, 1), diff) / counts[:, None, None]
            covs = covs + reg_covar * eye
        return weights, means, covs, log_likelihood, n_iter


def initial_means(x, k: int, seed: int = 0):
    """Picks ``k`` distinct points of ``x`` (NumPy ``(n, d)``) as starting means."""
    return x[numpy.random.RandomState(seed).choice(len(x), size=k, replace=False)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="@numpy", help="'@numpy' or '@cupy:N'")
    parser.add_argument("--samples", type=int, default=6000)
    args = parser.parse_args(argv)

    device = cl.get_device(args.device)
    x_host, _ = make_data(args.samples, seed=0)
    init_host = initial_means(x_host, 3, seed=1)
    with device:
        x, init = device.send((x_host, init_host))
        start = time.perf_counter()
        weights, means, covs, log_likelihood, n_iter = gmm_em(x, init)
        weights, means = cl.to_numpy((weights, means))  # waits for the GPU
        elapsed = time.perf_counter() - start
    order = numpy.argsort(-weights)
    print(f"device {device.name}: {args.samples} points, 3 components")
    print(f"iterations {n_iter}, mean log-likelihood {log_likelihood:.6f}, time {elapsed:.3f} s")
    print(f"weights {numpy.round(weights[order], 4).tolist()}")
    print(f"means {numpy.round(means[order], 3).tolist()}")


if __name__ == "__main__":
    main()
