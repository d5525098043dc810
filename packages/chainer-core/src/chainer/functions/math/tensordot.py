"""tensordot: the sum of products over chosen axes of two arrays (``numpy.tensordot``)."""

from __future__ import annotations

import numbers

import chainer
from chainer import utils
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _normalize_axes(axes, a_ndim, b_ndim):
    """``axes`` as two equal-length tuples of non-negative axes of ``a`` and ``b``."""
    if _is_int(axes):
        n = int(axes)
        if n < 0 or n > a_ndim or n > b_ndim:
            raise ValueError(
                f"tensordot: an int axes must be in [0, min(a.ndim, b.ndim)] = "
                f"[0, {min(a_ndim, b_ndim)}], got {n}"
            )
        return tuple(range(a_ndim - n, a_ndim)), tuple(range(n))
    if not isinstance(axes, (tuple, list)) or len(axes) != 2:
        raise TypeError(
            f"tensordot: axes must be an int or a pair (axes of a, axes of b), got {axes!r}"
        )
    pair = []
    for name, side, ndim in (("a", axes[0], a_ndim), ("b", axes[1], b_ndim)):
        side = (side,) if _is_int(side) else side
        if not isinstance(side, (tuple, list)) or not all(_is_int(i) for i in side):
            raise TypeError(
                f"tensordot: the axes of {name} must be an int or a sequence of ints, got {side!r}"
            )
        normalized = []
        for i in side:
            if not -ndim <= i < ndim:
                raise ValueError(f"tensordot: axis {i} is out of range for {name}.ndim == {ndim}")
            normalized.append(int(i) % ndim)
        if len(set(normalized)) != len(normalized):
            raise ValueError(f"tensordot: repeated axis in the axes of {name}: {tuple(side)}")
        pair.append(tuple(normalized))
    if len(pair[0]) != len(pair[1]):
        raise ValueError(
            f"tensordot: a and b need as many contracted axes each, got {pair[0]} and {pair[1]}"
        )
    return pair[0], pair[1]


def _inverse(perm):
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return tuple(inv)


def _transpose(x, perm):
    if tuple(perm) == tuple(range(len(perm))):
        return x
    return chainer.functions.transpose(x, perm)


class TensorDot(FunctionNode):
    """Contracts axes ``a_axes`` of ``a`` with axes ``b_axes`` of ``b``, pairwise."""

    def __init__(self, a_axes, b_axes):
        self.a_axes = tuple(a_axes)
        self.b_axes = tuple(b_axes)

    @property
    def label(self):
        return "TensorDot"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("a", "b"))
        a_type, b_type = in_types
        type_check.expect(a_type.dtype.kind == "f", a_type.dtype == b_type.dtype)
        for i, j in zip(self.a_axes, self.b_axes):
            type_check.expect(a_type.shape[i] == b_type.shape[j])

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        a, b = inputs
        xp = chainer.backend.get_array_module(a)
        y = xp.tensordot(a, b, axes=(self.a_axes, self.b_axes))
        return (utils.force_array(y, a.dtype),)

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        (gy,) = grad_outputs
        a_free = [i for i in range(a.ndim) if i not in self.a_axes]
        b_free = [i for i in range(b.ndim) if i not in self.b_axes]
        n_af = len(a_free)
        gy_b = tuple(range(n_af, n_af + len(b_free)))
        ret = []
        for i in indexes:
            if i == 0:
                # gy (a_free, b_free) . b over b_free leaves a_free + b's other axes
                # in increasing order; each of those pairs with an axis of a.
                g = TensorDot(gy_b, b_free).apply((gy, b))[0]
                pairs = dict(zip(self.b_axes, self.a_axes))
                src = a_free + [pairs[j] for j in sorted(self.b_axes)]
                ret.append(_transpose(g, _inverse(src)))
            else:
                g = TensorDot(a_free, tuple(range(n_af))).apply((a, gy))[0]
                pairs = dict(zip(self.a_axes, self.b_axes))
                src = [pairs[j] for j in sorted(self.a_axes)] + b_free
                ret.append(_transpose(g, _inverse(src)))
        return tuple(ret)


def tensordot(a, b, axes=2):
    """Tensor dot product: sums of products over pairs of axes of ``a`` and ``b``.

    Follows ``numpy.tensordot``: the result's axes are the remaining axes of
    ``a`` followed by the remaining axes of ``b``, each in their order.

    Args:
        a (Variable or array): the first operand, floating-point dtype.
        b (Variable or array): the second operand, the dtype of ``a``.
        axes (int or pair of sequences of ints): an int ``n`` contracts the
            last ``n`` axes of ``a`` with the first ``n`` axes of ``b``; a pair
            ``(a_axes, b_axes)`` contracts ``a_axes[k]`` with ``b_axes[k]``
            (each may be one int; negative axes count from the end). Paired
            axes must have one length.

    Returns:
        Variable: the contraction, of shape ``a``'s free axes + ``b``'s free
        axes, the dtype of the inputs.
    """
    a = chainer.as_variable(a)
    b = chainer.as_variable(b)
    a_axes, b_axes = _normalize_axes(axes, a.ndim, b.ndim)
    return TensorDot(a_axes, b_axes).apply((a, b))[0]
