"""huber_loss: quadratic near 0 and linear beyond ``delta``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.loss import _loss_args
from chainer.functions.math.clip import clip
from chainer.utils import type_check

_REDUCE = ("sum_along_second_axis", "no")


class HuberLoss(FunctionNode):
    """Elementwise Huber loss of ``x - t``, optionally summed over axis 1.

    Args:
        delta (float): where the loss turns from quadratic to linear; positive.
        reduce (str): ``'sum_along_second_axis'`` or ``'no'``.
    """

    def __init__(self, delta, reduce="sum_along_second_axis"):
        self.delta = _loss_args.positive_real("huber_loss", "delta", delta)
        self.reduce = _loss_args.check_reduce("huber_loss", reduce, _REDUCE)

    @property
    def label(self):
        return "HuberLoss"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("x", "t"))
        if self.reduce == "sum_along_second_axis":
            type_check.expect(in_types[0].ndim >= 2)

    def forward(self, inputs):
        x, t = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x)
        delta = x.dtype.type(self.delta)
        half = x.dtype.type(0.5)
        diff = xp.abs(x - t)
        loss = xp.where(diff <= delta, half * diff * diff, delta * (diff - half * delta))
        if self.reduce == "sum_along_second_axis":
            dtype = _loss_args.accum_dtype(x.dtype)
            loss = loss.sum(axis=1, dtype=dtype).astype(x.dtype, copy=False)
        return (xp.asarray(loss),)

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        (gy,) = grad_outputs
        if self.reduce == "sum_along_second_axis":
            gy = broadcast_to(expand_dims(gy, 1), x.shape)
        # d loss / d x = clip(x - t, -delta, delta)
        gx = clip(x - t, -self.delta, self.delta) * gy
        return tuple(gx if i == 0 else -gx for i in indexes)


def huber_loss(x, t, delta, reduce="sum_along_second_axis"):
    """Huber loss: ``d ** 2 / 2`` where ``|d| <= delta``, else ``delta * (|d| - delta / 2)``.

    ``d = x - t`` elementwise. The loss is smooth (its gradient is
    ``clip(d, -delta, delta)``) and grows linearly for large differences.

    Args:
        x (Variable or array): a floating-point array of shape ``(N, M, ...)``
            (at least 2-D when ``reduce='sum_along_second_axis'``).
        t (Variable or array): the targets, of ``x``'s shape and dtype.
        delta (float): the threshold between the quadratic and the linear part;
            positive.
        reduce (str): ``'sum_along_second_axis'`` sums the loss over axis 1;
            ``'no'`` returns the loss of each element.

    Returns:
        Variable: of shape ``(N, ...)`` (``x``'s shape without axis 1) or
        ``x``'s shape, and ``x``'s dtype.

    Raises:
        TypeError: if ``delta`` is not a real number.
        ValueError: if ``delta`` is not positive or ``reduce`` is not one of
            its values.
    """
    return HuberLoss(delta, reduce).apply((x, t))[0]
