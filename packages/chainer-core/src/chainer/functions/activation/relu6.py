"""relu6: ``min(max(0, x), 6)``."""

from __future__ import annotations

from chainer.functions.activation.clipped_relu import ClippedReLU


class ReLU6(ClippedReLU):
    """Elementwise ``min(max(0, x), 6)``: :class:`ClippedReLU` with ``z = 6``."""

    def __init__(self):
        super().__init__(6.0)


def relu6(x):
    """Rectified linear unit capped at 6, ``min(max(0, x), 6)`` elementwise.

    Args:
        x (Variable or array): a floating-point input of any shape.

    Returns:
        Variable: the output, same shape and dtype as ``x``.
    """
    return ReLU6().apply((x,))[0]
