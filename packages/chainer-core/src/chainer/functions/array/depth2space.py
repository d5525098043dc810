"""depth2space: rearranges channel blocks into spatial blocks (pixel shuffle)."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.functions.array.transpose import transpose
from chainer.utils import type_check


class Depth2Space(FunctionNode):
    """``(n, c * r * r, h, w) -> (n, c, h * r, w * r)``.

    Output pixel ``(i * r + di, j * r + dj)`` of channel ``k`` is input channel
    ``(di * r + dj) * c + k`` at pixel ``(i, j)``.
    """

    def __init__(self, r):
        if isinstance(r, bool) or not isinstance(r, (int, numpy.integer)):
            raise TypeError(f"depth2space: r must be an int, not {r!r}")
        if r < 1:
            raise ValueError(f"depth2space: r must be positive, got {r}")
        self.r = int(r)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("X",))
        type_check.expect(in_types[0].dtype.kind == "f", in_types[0].ndim == 4)
        type_check.expect(in_types[0].shape[1] % (self.r * self.r) == 0)

    def forward(self, inputs):
        (x,) = inputs
        r = self.r
        n, c, h, w = x.shape
        c //= r * r
        y = x.reshape(n, r, r, c, h, w).transpose(0, 3, 4, 1, 5, 2)
        return (y.reshape(n, c, h * r, w * r),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        r = self.r
        n, c, hr, wr = gy.shape
        h, w = hr // r, wr // r
        g = reshape(gy, (n, c, h, r, w, r))
        g = transpose(g, (0, 3, 5, 1, 2, 4))
        return (reshape(g, (n, r * r * c, h, w)),)


def depth2space(X, r):  # noqa: N803 - Chainer's public parameter name
    """Rearranges depth (channel) data into spatial blocks.

    The inverse of ``space2depth``: each group of ``r * r`` channel blocks
    becomes an ``r x r`` block of pixels (also called pixel shuffle).

    Args:
        X (Variable or array): a floating-point input of shape
            ``(n, c * r * r, h, w)``.
        r (int): the upscaling factor.

    Returns:
        Variable: shape ``(n, c, h * r, w * r)``, same dtype.
    """
    return Depth2Space(r).apply((X,))[0]
