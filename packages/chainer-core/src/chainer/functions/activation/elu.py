"""elu: the exponential linear unit."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input, real
from chainer.functions.activation._masks import scale_where


def _slope(x, alpha):
    """The derivative of ELU at ``x``: ``alpha * exp(x)`` for ``x < 0``, else 1."""
    xp = chainer.backend.get_array_module(x)
    t = x.dtype.type
    # exp of min(x, 0): the branch for x >= 0 is discarded and must not overflow.
    return scale_where(x < 0, xp.ones_like(x), t(alpha) * xp.exp(xp.minimum(x, t(0))))


class ELU(FunctionNode):
    """Elementwise ``x`` for ``x >= 0`` and ``alpha * (exp(x) - 1)`` for ``x < 0``.

    Args:
        alpha (float): the scale of the negative part.
    """

    def __init__(self, alpha=1.0):
        self.alpha = real("elu", "alpha", alpha)

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(x)
        t = x.dtype.type
        # Each term is 0 where the other applies: max(x, 0) for x >= 0, the curve below.
        negative = t(self.alpha) * xp.expm1(xp.minimum(x, t(0)))
        return (xp.maximum(x, t(0)) + negative,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return ELUGrad(self.alpha).apply((x, grad_outputs[0]))


class ELUGrad(FunctionNode):
    """``gy * elu'(x)`` from the inputs ``(x, gy)``; differentiable in both.

    Args:
        alpha (float): the scale of ELU's negative part.
    """

    def __init__(self, alpha):
        self.alpha = alpha

    def forward(self, inputs):
        x, gy = inputs
        self.retain_inputs((0, 1))
        return (gy * _slope(x, self.alpha),)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        ret = []
        if 0 in indexes:
            # d/dx (gy * elu'(x)) = gy * alpha * exp(x) for x < 0, 0 elsewhere:
            # the same node on ggx * gy, with the x >= 0 part masked out.
            negative = (x.array < 0).astype(x.dtype)
            ret.append(ELUGrad(self.alpha).apply((x, ggx * gy))[0] * negative)
        if 1 in indexes:
            ret.append(ELUGrad(self.alpha).apply((x, ggx))[0])
        return tuple(ret)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` if ``x >= 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        x (Variable or array): a floating-point input of any shape.
        alpha (float): the scale of the negative part.

    Returns:
        Variable: the output, same shape and dtype as ``x``.

    Raises:
        TypeError: if ``alpha`` is not a real number.
    """
    return ELU(alpha).apply((x,))[0]
