"""sum_to on arrays: the reduction that undoes broadcasting."""

from __future__ import annotations


def sum_to(x, shape):
    """Sums the array ``x`` over the axes that broadcasting added or stretched.

    Args:
        x (array): a NumPy or CuPy array.
        shape (tuple of ints): a shape that broadcasts to ``x.shape``.

    Returns:
        array: an array of ``shape`` (``x`` itself when the shapes match).
    """
    shape = tuple(shape)
    if x.shape == shape:
        return x
    lead = x.ndim - len(shape)
    if lead < 0:
        raise ValueError(f"sum_to: cannot sum shape {x.shape} to the longer shape {shape}")
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1
    )
    y = x.sum(axis=axes, keepdims=True) if axes else x
    if lead:
        y = y.reshape(y.shape[lead:])
    if y.shape != shape:
        raise ValueError(f"sum_to: shape {x.shape} does not broadcast from {shape}")
    return y
