"""Mask arithmetic shared by the piecewise activations.

On the CPU, ``xp.where`` with an unpredictable mask (half the entries of a
random input) is about ten times slower than the same selection written as
arithmetic on the mask, so the piecewise-linear ops use these helpers.
"""

from __future__ import annotations


def scale_where(mask, x, factor):
    """``x * factor`` where ``mask`` holds, ``x`` elsewhere.

    Args:
        mask (bool array): where to scale; broadcastable to ``x``.
        x (array): the values, float.
        factor: a scalar of ``x``'s dtype or an array broadcastable to ``x``.

    Returns:
        array: same shape and dtype as ``x``.
    """
    m = mask.astype(x.dtype)
    # m * factor + (1 - m) is exactly factor or exactly 1, entry by entry.
    return x * (m * factor + (x.dtype.type(1) - m))


def keep_where(mask, x):
    """``x`` where ``mask`` holds, 0 elsewhere (same shape and dtype as ``x``)."""
    return x * mask.astype(x.dtype)
