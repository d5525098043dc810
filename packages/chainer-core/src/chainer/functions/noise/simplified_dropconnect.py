"""simplified_dropconnect: a linear layer whose weights are dropped at random."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.noise.dropout import check_ratio, given_array
from chainer.utils import type_check


class SimplifiedDropconnect(FunctionNode):
    """``y[i] = (W * m[i] / (1 - ratio)) x[i] + b`` with a 0/1 mask ``m``.

    The mask is of shape ``(N, out, in)`` (one per sample) or ``(out, in)``
    (shared by the batch).

    Attributes:
        mask (array): the 0/1 mask (drawn by the forward pass when not given;
            None when ``ratio`` is 0 and no mask is given: every weight is kept).
    """

    def __init__(self, ratio, mask=None, use_batchwise_mask=True):
        self.ratio = check_ratio("simplified_dropconnect", ratio)
        self.mask = mask
        self.use_batchwise_mask = use_batchwise_mask
        self._scaled_mask = None

    @property
    def label(self):
        return "SimplifiedDropconnect"

    def check_type_forward(self, in_types):
        n_in = type_check.eval(in_types.size())
        type_check._argname(in_types, ("x", "W", "b")[:n_in] if n_in in (2, 3) else ("x", "W"))
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype == x_type.dtype,
            x_type.ndim >= 2,
            w_type.ndim == 2,
            type_check.prod(x_type.shape[1:]) == w_type.shape[1],
        )
        if n_in == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == w_type.shape[0],
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        xp = chainer.backend.get_array_module(x)
        n = x.shape[0]
        batch_shape = (n, *W.shape)
        if self.mask is None:
            if self.ratio > 0:
                shape = batch_shape if self.use_batchwise_mask else W.shape
                self.mask = xp.random.random_sample(shape) >= self.ratio
        else:
            self.mask = given_array(
                "simplified_dropconnect", "mask", self.mask, x, (batch_shape, W.shape)
            )
        x_mat = x.reshape(n, -1)
        if self.mask is None:
            y = x_mat @ W.T
        else:
            scale = W.dtype.type(1.0 / (1.0 - self.ratio))
            self._scaled_mask = (self.mask * scale).astype(W.dtype, copy=False)
            masked_w = W * self._scaled_mask
            if masked_w.ndim == 3:
                y = xp.matmul(masked_w, x_mat[:, :, None])[:, :, 0]
            else:
                y = x_mat @ masked_w.T
        if len(inputs) == 3:
            y = y + inputs[2]
        return (xp.asarray(y),)

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        n = x.shape[0]
        out_size, in_size = W.shape
        m = self._scaled_mask
        batchwise = m is not None and m.ndim == 3
        ret = []
        for i in indexes:
            if i == 0:
                masked_w = W if m is None else W * m
                if batchwise:
                    gx = F.matmul(F.reshape(gy, (n, 1, out_size)), masked_w)
                else:
                    gx = F.matmul(gy, masked_w)
                ret.append(F.reshape(gx, x.shape))
            elif i == 1:
                x_mat = F.reshape(x, (n, in_size))
                if batchwise:
                    outer = F.reshape(gy, (n, out_size, 1)) * F.reshape(x_mat, (n, 1, in_size))
                    gw = F.sum(outer * m, axis=0)
                else:
                    gw = F.matmul(gy, x_mat, transa=True)
                    if m is not None:
                        gw = gw * m
                ret.append(gw)
            else:
                ret.append(F.sum(gy, axis=0))
        return tuple(ret)


def simplified_dropconnect(x, W, b=None, ratio=0.5, train=True, mask=None, use_batchwise_mask=True):
    """A linear layer with DropConnect: weights are dropped at random.

    ``y[i] = (W * m[i] / (1 - ratio)) @ x[i] + b``, where the mask ``m`` keeps
    each weight with probability ``1 - ratio``, drawn per sample (or once for
    the batch) from the global generator of ``x``'s array module
    (``numpy.random`` or ``cupy.random``). Inputs of more than two dimensions
    are flattened to ``(N, in)``.

    Args:
        x (Variable or array): the input, of shape ``(N, ...)`` with
            ``in`` elements per sample, floating point.
        W (Variable or array): the weight, of shape ``(out, in)`` and ``x``'s dtype.
        b (Variable or array or None): the bias, of shape ``(out,)``.
        ratio (float): the probability of dropping a weight, in [0, 1).
        train (bool): when False, no weight is dropped (``ratio`` is taken as
            0; a given ``mask`` still applies).
        mask (array or None): a 0/1 (or boolean) mask to use instead of a
            random one, of shape ``(N, out, in)`` or ``(out, in)``.
        use_batchwise_mask (bool): draw one mask per sample (True) or one mask
            for the whole batch (False).

    Returns:
        Variable: the output, of shape ``(N, out)`` and ``x``'s dtype.
    """
    check_ratio("simplified_dropconnect", ratio)
    if not train:
        ratio = 0.0
    func = SimplifiedDropconnect(ratio, mask, use_batchwise_mask)
    inputs = (x, W) if b is None else (x, W, b)
    return func.apply(inputs)[0]
