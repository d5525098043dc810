"""hinge: the multiclass one-vs-all hinge loss."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation.relu import relu
from chainer.functions.loss import _loss_args
from chainer.utils import type_check

_NORMS = ("L1", "L2")


def _check_labels(xp, t, n_class):
    if t.size and bool(xp.any((t < 0) | (t >= n_class))):
        raise ValueError(f"hinge: every label t must satisfy 0 <= t < x.shape[1] = {n_class}")


def _signs(xp, t, n_class, dtype):
    """-1 at each row's label and +1 elsewhere, of shape ``(N, n_class)``."""
    is_label = xp.arange(n_class, dtype=t.dtype)[None, :] == t[:, None]
    return xp.where(is_label, -1, 1).astype(dtype)


class Hinge(FunctionNode):
    """``max(0, 1 + s * x)`` (or its square) with ``s = -1`` at the label, +1 elsewhere.

    The gradient goes to ``x`` only.
    """

    def __init__(self, norm="L1", reduce="mean"):
        if not isinstance(norm, str) or norm not in _NORMS:
            raise ValueError(f"hinge: norm must be 'L1' or 'L2', not {norm!r}")
        self.norm = norm
        self.reduce = _loss_args.check_reduce("hinge", reduce, ("mean", "no"))

    @property
    def label(self):
        return "Hinge"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "t"))
        x_type, t_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            t_type.dtype.kind == "i",
            x_type.ndim == 2,
            t_type.ndim == 1,
            x_type.shape[0] == t_type.shape[0],
        )

    def forward(self, inputs):
        x, t = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x)
        _check_labels(xp, t, x.shape[1])
        margin = xp.maximum(x * _signs(xp, t, x.shape[1], x.dtype) + x.dtype.type(1), 0)
        loss = margin if self.norm == "L1" else margin * margin
        if self.reduce == "mean":
            dtype = _loss_args.accum_dtype(x.dtype)
            loss = xp.asarray(loss.sum(dtype=dtype) * _loss_args.mean_coefficient(len(x), dtype))
        return (loss.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        (gy,) = grad_outputs
        xp = chainer.backend.get_array_module(x.array)
        signs = _signs(xp, t.array, x.shape[1], x.dtype)
        if self.reduce == "mean":
            gy = gy * (1.0 / max(len(x), 1))
        if self.norm == "L1":
            # The active-margin mask is a constant: piecewise linear in x.
            active = (x.array * signs + x.dtype.type(1)) > 0
            gx = gy * (signs * active)
        else:
            gx = relu(x * signs + 1.0) * (gy * (signs * 2))
        return gx, None


def hinge(x, t, norm="L1", reduce="mean"):
    """Hinge loss for multiclass classification (one-vs-all).

    With ``s[i, j] = -1`` where ``j == t[i]`` and ``+1`` elsewhere, the loss
    is ``max(0, 1 + s * x)`` elementwise (``norm='L1'``) or its square
    (``norm='L2'``).

    Args:
        x (Variable or array): scores of shape ``(N, K)``, floating point.
        t (Variable or array): signed integer labels of shape ``(N,)`` in
            ``[0, K)``. It gets no gradient.
        norm (str): ``'L1'`` or ``'L2'``.
        reduce (str): ``'mean'`` sums the loss and divides it by ``N``;
            ``'no'`` returns the ``(N, K)`` elementwise loss.

    Returns:
        Variable: a 0-dim array or an ``(N, K)`` array, of ``x``'s dtype.

    Raises:
        ValueError: if a label is outside ``[0, K)``, or ``norm`` or ``reduce``
            is not one of its values.
    """
    return Hinge(norm, reduce).apply((x, t))[0]
