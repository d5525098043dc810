"""sigmoid_cross_entropy: binary cross entropy of ``sigmoid(x)`` and 0/1 labels."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.loss import _loss_args
from chainer.utils import type_check


class SigmoidCrossEntropy(FunctionNode):
    """Elementwise binary cross entropy of ``sigmoid(x)``; labels of -1 are ignored.

    The gradient goes to ``x`` only.
    """

    ignore_label = -1

    def __init__(self, normalize=True, reduce="mean"):
        self.normalize = bool(normalize)
        self.reduce = _loss_args.check_reduce("sigmoid_cross_entropy", reduce, ("mean", "no"))
        self.coeff = None

    @property
    def label(self):
        return "SigmoidCrossEntropy"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "t"))
        x_type, t_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            t_type.dtype.kind == "i",
            x_type.ndim >= 1,
            x_type.shape == t_type.shape,
        )

    def forward(self, inputs):
        x, t = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x)
        dtype = _loss_args.accum_dtype(x.dtype)
        xc = x.astype(dtype, copy=False)
        valid = t != self.ignore_label
        zero = dtype.type(0)
        # -t log(sigmoid(x)) - (1 - t) log(1 - sigmoid(x)), without overflow:
        # max(x, 0) - x t + log(1 + exp(-|x|)).
        loss = xp.maximum(xc, zero) - xc * t.astype(dtype) + xp.log1p(xp.exp(-xp.abs(xc)))
        loss = xp.where(valid, loss, zero)
        if self.reduce == "mean":
            if self.normalize:
                # The count stays on the device: no synchronization.
                self.coeff = 1.0 / xp.maximum(valid.sum(), 1).astype(dtype)
            else:
                self.coeff = _loss_args.mean_coefficient(x.shape[0], dtype)
            loss = xp.asarray(loss.sum() * self.coeff)
        return (loss.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        (gy,) = grad_outputs
        xp = chainer.backend.get_array_module(x.array)
        t = t.array
        # d loss / dx = sigmoid(x) - t at the counted positions.
        w = (t != self.ignore_label).astype(x.dtype)
        if self.reduce == "mean":
            w *= xp.asarray(self.coeff).astype(x.dtype)
        gx = (sigmoid(x) - t.astype(x.dtype)) * (gy * w)
        return gx, None


def sigmoid_cross_entropy(x, t, normalize=True, reduce="mean"):
    """Binary cross entropy between ``sigmoid(x)`` and binary labels, elementwise.

    The loss at an element is ``-t log(sigmoid(x)) - (1 - t) log(1 - sigmoid(x))``,
    computed stably from ``x``. Elements whose label is -1 contribute 0 and
    are not counted.

    Args:
        x (Variable or array): logits of shape ``(N, ...)``, floating point.
        t (Variable or array): signed integer labels of ``x``'s shape, each 0,
            1 or -1 (ignored). It gets no gradient.
        normalize (bool): with ``reduce='mean'``, divide the summed loss by the
            number of elements whose label is not -1 if True, by ``N`` if False.
        reduce (str): ``'mean'`` for a scalar loss, ``'no'`` for the loss of each
            element (ignored elements hold 0).

    Returns:
        Variable: a 0-dim array (``reduce='mean'``) or an array of ``x``'s
        shape (``reduce='no'``), of ``x``'s dtype. float16 inputs are computed
        in float32.

    Raises:
        ValueError: if ``reduce`` is neither ``'mean'`` nor ``'no'``.
    """
    return SigmoidCrossEntropy(normalize, reduce).apply((x, t))[0]
