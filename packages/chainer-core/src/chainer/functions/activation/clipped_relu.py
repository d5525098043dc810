"""clipped_relu: ``min(max(0, x), z)``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input, real
from chainer.functions.activation._masks import keep_where


class ClippedReLU(FunctionNode):
    """Elementwise ``min(max(0, x), z)`` for a positive ``z``.

    Args:
        z (float): the upper bound (positive).
    """

    def __init__(self, z):
        real("clipped_relu", "z", z)
        if not z > 0:
            raise ValueError(f"clipped_relu: z must be positive, but {z!r} was given")
        self.cap = z

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        # 0 < y < cap exactly where 0 < x < cap, so the output serves backward.
        self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        cap = x.dtype.type(self.cap)
        return (xp.minimum(xp.maximum(x, x.dtype.type(0)), cap),)

    def backward(self, indexes, grad_outputs):
        (y,) = self.get_retained_outputs()
        y = y.array
        mask = (y > 0) & (y < y.dtype.type(self.cap))
        return ClippedReLUGrad(mask).apply(grad_outputs)


class ClippedReLUGrad(FunctionNode):
    """``gy`` where ``0 < x < z``, 0 elsewhere; its gradient is itself.

    Args:
        mask (bool array): where ``0 < x < z``.
    """

    def __init__(self, mask):
        self.mask = mask

    def forward(self, inputs):
        (gy,) = inputs
        return (keep_where(self.mask, gy),)

    def backward(self, indexes, grad_outputs):
        return ClippedReLUGrad(self.mask).apply(grad_outputs)


def clipped_relu(x, z=20.0):
    """Clipped rectified linear unit, ``min(max(0, x), z)`` elementwise.

    Args:
        x (Variable or array): a floating-point input of any shape.
        z (float): the upper bound of the output; a positive number.

    Returns:
        Variable: the output, same shape and dtype as ``x``.

    Raises:
        TypeError: if ``z`` is not a real number.
        ValueError: if ``z`` is not positive.
    """
    return ClippedReLU(z).apply((x,))[0]
