"""logsumexp: ``log(sum(exp(x)))`` over axes, computed without overflow."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _axes, exponential
from chainer.utils import type_check


class LogSumExp(FunctionNode):
    """``log(sum(exp(x)))`` over ``axis`` (all axes when None).

    The maximum is subtracted before the exponential. The gradient is
    ``gy * exp(x - y)`` (the softmax over the reduced axes).
    """

    def __init__(self, axis=None):
        self.axis = _axes.axis_arg("logsumexp", axis)

    @property
    def label(self):
        return "logsumexp"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, self.axis)

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        (x,) = inputs
        self._axes = axes = _axes.resolve_axes("logsumexp", self.axis, x.ndim)
        xp = chainer.backend.get_array_module(x)
        # float16 sums lose accuracy; they are accumulated in float32.
        work = x.astype(numpy.float32) if x.dtype == numpy.float16 else x
        if x.size == 0:
            shift = xp.zeros(_axes.keepdims_shape(x.shape, axes), dtype=work.dtype)
        else:
            shift = xp.asarray(work.max(axis=axes, keepdims=True))
            # All -inf (or inf, or NaN) along the axes: leave those values unshifted.
            shift = xp.where(xp.isfinite(shift), shift, work.dtype.type(0))
        total = xp.exp(work - shift).sum(axis=axes, keepdims=True)
        with numpy.errstate(divide="ignore"):  # log(0) = -inf for all -inf inputs
            y = xp.log(total) + shift
        out_shape = tuple(s for i, s in enumerate(x.shape) if i not in axes)
        return (y.reshape(out_shape).astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        F = chainer.functions
        keep_shape = _axes.keepdims_shape(x.shape, self._axes)
        y = F.broadcast_to(F.reshape(y, keep_shape), x.shape)
        gy = F.broadcast_to(F.reshape(grad_outputs[0], keep_shape), x.shape)
        return (gy * exponential.exp(x - y),)


def logsumexp(x, axis=None):
    """Logarithm of the sum of exponentials over ``axis``: ``log(sum(exp(x)))``.

    Computed as ``m + log(sum(exp(x - m)))`` with the maximum ``m``, so large
    inputs do not overflow.

    Args:
        x (Variable or array): a floating-point input.
        axis (None, int or tuple of ints): the axes to reduce (all when None).

    Returns:
        Variable: the results, of ``x``'s shape without the reduced axes and
        of ``x``'s dtype.

    Raises:
        TypeError: if ``axis`` is not None, an int or a tuple of ints.
        ValueError: if ``axis`` names a dimension twice.
    """
    return LogSumExp(axis).apply((x,))[0]
