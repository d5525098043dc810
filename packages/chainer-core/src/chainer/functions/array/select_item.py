"""select_item: picks one element per row, ``x[i, t[i]]``."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_labels(xp, t, n_class):
    if t.size and bool(xp.any((t < 0) | (t >= n_class))):
        raise ValueError(f"select_item: every label t must satisfy 0 <= t < x.shape[1] = {n_class}")


class SelectItem(FunctionNode):
    """``y[i] = x[i, t[i]]`` for a 2-D ``x`` and integer labels ``t``."""

    @property
    def label(self):
        return "SelectItem"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "t"))
        x_type, t_type = in_types
        type_check.expect(
            t_type.dtype.kind == "i",
            x_type.ndim == 2,
            t_type.ndim == 1,
            x_type.shape[0] == t_type.shape[0],
        )

    def forward(self, inputs):
        self.retain_inputs((1,))
        x, t = inputs
        xp = chainer.backend.get_array_module(x)
        _check_labels(xp, t, x.shape[1])
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        return (x[xp.arange(t.size), t],)

    def backward(self, indexes, grad_outputs):
        (t,) = self.get_retained_inputs()
        if 0 not in indexes:
            return (None, None)
        gx = _Assign(self._in_shape, self._in_dtype, t.array).apply(grad_outputs)[0]
        return (gx, None)


class _Assign(FunctionNode):
    """Zeros of ``shape`` with ``gx[i, t[i]] = gy[i]``: the gradient of :class:`SelectItem`."""

    def __init__(self, shape, dtype, t):
        self.shape = shape
        self.dtype = dtype
        self.t = t

    @property
    def label(self):
        return "SelectItemGrad"

    def forward(self, inputs):
        (gy,) = inputs
        xp = chainer.backend.get_array_module(gy)
        gx = xp.zeros(self.shape, dtype=self.dtype)
        # Each row gets exactly one element, so plain assignment is exact.
        gx[xp.arange(self.t.size), self.t] = gy
        return (gx,)

    def backward(self, indexes, grad_outputs):
        return (select_item(grad_outputs[0], self.t),)


def select_item(x, t):
    """Selects one element of each row of ``x``: ``y[i] = x[i, t[i]]``.

    Args:
        x (Variable or array): a 2-D array of shape ``(B, K)``.
        t (Variable or array): signed integer labels of shape ``(B,)``, each in
            ``[0, K)``.

    Returns:
        Variable: the selected elements, of shape ``(B,)`` and the dtype of ``x``.

    Raises:
        ValueError: if a label is outside ``[0, K)``.
    """
    return SelectItem().apply((x, t))[0]
