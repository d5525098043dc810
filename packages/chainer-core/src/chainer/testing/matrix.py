"""Random matrices with prescribed singular values."""

import numpy


def generate_matrix(shape, dtype=float, **kwargs):
    """Generates a random matrix (or stack of matrices) with given singular values.

    Useful for inputs of ops (inverse, determinant...) that are unstable on
    badly conditioned matrices. With shape ``(B..., M, N)`` and
    ``K = min(M, N)``, the singular values of each ``M x N`` matrix are the
    matching row of ``singular_values`` broadcast to ``(B..., K)``.

    Args:
        shape (tuple of int): Shape ``(B..., M, N)`` of the result.
        dtype: A floating or complex dtype.
        singular_values (array-like): Non-negative real singular values,
            broadcastable to ``(B..., K)``. Required keyword.

    Returns:
        numpy.ndarray: The matrix, drawn from NumPy's global generator.
    """
    shape = tuple(shape)
    if len(shape) <= 1:
        raise ValueError(f"shape {shape} is invalid for matrices: too few axes")
    if "singular_values" not in kwargs:
        raise TypeError("singular_values is not given")
    singular_values = numpy.asarray(kwargs.pop("singular_values"))
    if kwargs:
        raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")
    dtype = numpy.dtype(dtype)
    if dtype.kind not in "fc":
        raise TypeError(f"dtype {dtype} is not supported")
    if not numpy.isrealobj(singular_values):
        raise TypeError("singular_values is not real")
    if (singular_values < 0).any():
        raise ValueError("negative singular value is given")
    k_shape = shape[:-2] + (min(shape[-2:]),)
    try:
        singular_values = numpy.broadcast_to(singular_values, k_shape)
    except ValueError:
        raise ValueError(
            f"singular_values of shape {singular_values.shape} cannot be broadcast to {k_shape}"
        ) from None
    if 0 in shape:
        return numpy.empty(shape, dtype)

    # The global generator on purpose: fix_random and user seeds apply to it.
    a = numpy.random.standard_normal(shape)  # noqa: NPY002
    if dtype.kind == "c":
        a = a + 1j * numpy.random.standard_normal(shape)  # noqa: NPY002
    # The singular vectors of a random matrix are random orthonormal bases.
    u, _, vh = numpy.linalg.svd(a, full_matrices=False)
    result = numpy.einsum("...ik,...k,...kj->...ij", u, singular_values, vh)
    return result.astype(dtype)
