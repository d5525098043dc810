"""space2depth: moves ``r x r`` spatial blocks into the channel axis."""

from __future__ import annotations

import numpy

from chainer.function_node import FunctionNode
from chainer.functions.array.reshape import reshape
from chainer.functions.array.transpose import transpose
from chainer.utils import type_check


class Space2Depth(FunctionNode):
    """``(n, c, h, w) -> (n, r * r * c, h / r, w / r)``.

    Output channel ``(i * r + j) * c + k`` holds input channel ``k`` at the
    positions ``(r * p + i, r * q + j)``.
    """

    def __init__(self, r):
        if isinstance(r, bool) or not isinstance(r, (int, numpy.integer)):
            raise TypeError(f"space2depth: r must be an int, not {type(r).__name__}")
        if r < 1:
            raise ValueError(f"space2depth: r must be positive, got {r}")
        self.r = int(r)

    @property
    def label(self):
        return "Space2Depth"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("X",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim == 4)
        r = type_check.make_variable(self.r, "r")
        type_check.expect(x_type.shape[2] % r == 0, x_type.shape[3] % r == 0)

    def forward(self, inputs):
        (x,) = inputs
        n, c, h, w = x.shape
        r = self.r
        y = x.reshape(n, c, h // r, r, w // r, r)
        y = y.transpose(0, 3, 5, 1, 2, 4)
        return (y.reshape(n, r * r * c, h // r, w // r),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        n, rrc, hr, wr = gy.shape
        r = self.r
        c = rrc // (r * r)
        gx = reshape(gy, (n, r, r, c, hr, wr))
        gx = transpose(gx, (0, 3, 4, 1, 5, 2))
        return (reshape(gx, (n, c, hr * r, wr * r)),)


def space2depth(X, r):
    """Rearranges spatial blocks of ``X`` into channels (the inverse of depth2space).

    Each ``r x r`` block of each channel becomes ``r * r`` channels of one
    pixel: output channel ``(i * r + j) * C + k`` at ``(p, q)`` is
    ``X[:, k, r * p + i, r * q + j]``.

    Args:
        X (Variable or array): a float array of shape ``(N, C, H, W)`` with
            ``H`` and ``W`` divisible by ``r``.
        r (int): the block size (positive).

    Returns:
        Variable: an array of shape ``(N, r * r * C, H / r, W / r)`` and the
        dtype of ``X``.
    """
    return Space2Depth(r).apply((X,))[0]
