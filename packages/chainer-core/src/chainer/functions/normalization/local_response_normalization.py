"""local_response_normalization: normalization across neighbouring channels."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.normalization import _common
from chainer.utils import type_check


def _window_sum(a, half_n):
    """``out[:, c] = sum of a[:, c - half_n : c + half_n + 1]`` (clipped at the edges)."""
    out = a.copy()
    for i in range(1, half_n + 1):  # a loop over window offsets, not channels
        out[:, i:] += a[:, :-i]
        out[:, :-i] += a[:, i:]
    return out


class _ChannelWindowSum(FunctionNode):
    """The sum over a window of ``2 half_n + 1`` channels; linear and self-adjoint."""

    def __init__(self, half_n):
        self.half_n = half_n

    def forward(self, inputs):
        return (_window_sum(inputs[0], self.half_n),)

    def backward(self, indexes, grad_outputs):
        return _ChannelWindowSum(self.half_n).apply(grad_outputs)


class LocalResponseNormalization(FunctionNode):
    """``y = x * (k + alpha * S)^-beta``, ``S`` the sum of ``x^2`` over ``n`` neighbouring channels.

    Args:
        n (int): the window size (``n // 2`` channels on each side).
        k, alpha, beta (float): the constants of the formula.

    After the forward, ``self.unit_scale`` (``k + alpha * S``) and ``self.scale``
    (its power ``-beta``) hold arrays of ``x``'s shape in the compute dtype
    (float32 for float16).
    """

    def __init__(self, n=5, k=2, alpha=1e-4, beta=0.75):
        func = "local_response_normalization"
        self.n = _common.integer(func, "n", n, minimum=1)
        self.k = _common.real(func, "k", k)
        self.alpha = _common.real(func, "alpha", alpha)
        self.beta = _common.real(func, "beta", beta)
        self.unit_scale = None
        self.scale = None

    @property
    def label(self):
        return "LocalResponseNormalization"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        (x_type,) = in_types
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim >= 2)

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = _common.compute_dtype(x.dtype)
        xc = x.astype(dtype, copy=False)
        unit = _window_sum(xp.square(xc), self.n // 2)
        unit *= dtype.type(self.alpha)
        unit += dtype.type(self.k)
        self.unit_scale = unit
        self.scale = xp.power(unit, dtype.type(-self.beta))
        return ((xc * self.scale).astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        grad = LocalResponseNormalizationGrad(
            self.n, self.k, self.alpha, self.beta, self.unit_scale, self.scale
        )
        return grad.apply((x, grad_outputs[0]))


class LocalResponseNormalizationGrad(FunctionNode):
    """The input gradient of :class:`LocalResponseNormalization`, from ``(x, gy)``.

    ``gx = gy u^-beta - 2 alpha beta x S(gy x u^(-beta-1))`` with ``u = k +
    alpha S(x^2)`` and ``S`` the channel-window sum.
    """

    def __init__(self, n, k, alpha, beta, unit_scale, scale):
        self.n = n
        self.k = k
        self.alpha = alpha
        self.beta = beta
        self.unit_scale = unit_scale
        self.scale = scale

    @property
    def label(self):
        return "LocalResponseNormalizationGrad"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = self.scale.dtype
        summand = xp.multiply(gy, x, dtype=dtype)
        summand *= self.scale
        summand /= self.unit_scale
        gx = _window_sum(summand, self.n // 2)
        gx *= x
        gx *= dtype.type(-2.0 * self.alpha * self.beta)
        gx += xp.multiply(gy, self.scale, dtype=dtype)
        return (gx.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        if ggx is None:
            return None, None
        dtype = _common.compute_dtype(x.dtype)
        x_, gy_, ggx_ = (_common.cast(v, dtype) for v in (x, gy, ggx))
        half_n = self.n // 2
        alpha, beta = self.alpha, self.beta

        def window(v):
            return _ChannelWindowSum(half_n).apply((v,))[0]

        unit = window(x_ * x_) * alpha + self.k
        scale = unit**-beta
        scale1 = scale / unit  # u^(-beta-1)
        q = gy_ * x_ * scale1
        b = window(ggx_ * x_)
        c = -2.0 * alpha * beta
        ggy = ggx_ * scale + x_ * scale1 * b * c
        # dL/du for L = <ggx, gx>, then through u = k + alpha S(x^2).
        dl_du = ggx_ * gy_ * scale1 * -beta + b * gy_ * x_ * (scale1 / unit) * (-c * (beta + 1.0))
        gx = x_ * window(dl_du) * (2.0 * alpha) + b * gy_ * scale1 * c + ggx_ * window(q) * c
        return _common.cast(gx, x.dtype), _common.cast(ggy, gy.dtype)


def local_response_normalization(x, n=5, k=2, alpha=1e-4, beta=0.75):
    """Local response normalization across channels.

    ``y[:, c] = x[:, c] * (k + alpha * sum_{c'} x[:, c']^2)^-beta``, the sum
    over the ``n // 2`` channels on each side of ``c`` (clipped at the edges).

    Args:
        x (Variable or array): the input ``(N, channels, ...)``, floating point.
        n (int): the window size.
        k (float): the additive constant.
        alpha (float): the scale of the sum of squares.
        beta (float): the exponent.

    Returns:
        Variable: the output, of ``x``'s shape and dtype (float16 inputs are
        computed in float32).
    """
    return LocalResponseNormalization(n, k, alpha, beta).apply((x,))[0]
