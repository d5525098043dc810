"""permutate: reorders the entries of an axis by a permutation."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Permutate(FunctionNode):
    """``y[..., i, ...] = x[..., indices[i], ...]`` along ``axis`` (the inverse when ``inv``).

    The inputs are ``x`` and ``indices``; only ``x`` gets a gradient.
    """

    def __init__(self, axis=0, inv=False, _checked=False):
        if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
            raise TypeError(f"permutate: axis must be an int, not {axis!r}")
        self.axis = int(axis)
        self.inv = bool(inv)
        self._checked = _checked

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "indices"))
        x_type, ind_type = in_types
        if self.axis >= 0:
            type_check.expect(x_type.ndim > self.axis)
        else:
            type_check.expect(x_type.ndim >= -self.axis)
        type_check.expect(
            ind_type.dtype.kind == "i",
            ind_type.ndim == 1,
            x_type.shape[self.axis] == ind_type.shape[0],
        )

    def forward(self, inputs):
        self.retain_inputs((1,))
        x, indices = inputs
        xp = chainer.backend.get_array_module(x)
        n = indices.shape[0]
        order = xp.arange(n, dtype=indices.dtype)
        if not self._checked and n and not bool((xp.sort(indices) == order).all()):
            raise ValueError(
                f"permutate: indices must be a permutation of 0 .. {n - 1} (each exactly once)"
            )
        if self.inv:
            inverse = xp.empty_like(indices)
            inverse[indices] = order
            indices = inverse
        return (xp.take(x, indices, axis=self.axis),)

    def backward(self, indexes, grad_outputs):
        (indices,) = self.get_retained_inputs()
        gx = Permutate(self.axis, not self.inv, _checked=True).apply(
            (grad_outputs[0], indices.array)
        )[0]
        return gx, None


def permutate(x, indices, axis=0, inv=False):
    """Permutes ``x`` along ``axis``: ``y[i] = x[indices[i]]`` on that axis.

    With ``inv=True`` the inverse permutation is applied: ``y[indices[i]] = x[i]``.

    Args:
        x (Variable or array): the input, at least ``axis + 1`` dimensions.
        indices (Variable or array): a 1-d signed-integer array holding a
            permutation of ``0 .. x.shape[axis] - 1``, on ``x``'s device.
        axis (int): the axis to permute (negative counts from the end).
        inv (bool): apply the inverse permutation.

    Returns:
        Variable: the permuted variable, same shape and dtype as ``x``.

    Raises:
        ValueError: when ``indices`` is not a permutation.
    """
    if isinstance(indices, chainer.Variable):
        indices = indices.array
    return Permutate(axis, inv).apply((x, indices))[0]
