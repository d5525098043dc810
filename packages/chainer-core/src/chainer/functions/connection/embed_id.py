"""embed_id: looks up rows of an embedding matrix by integer ID."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import _scatter_add
from chainer.utils import type_check


def _valid_ids(xp, x, ignore_label):
    """The ``(ids, mask)`` of ``x``: IDs to index with and where they are not ignored."""
    if ignore_label is None:
        return x, None
    mask = x != ignore_label
    return xp.where(mask, x, 0), mask


class EmbedIDFunction(FunctionNode):
    """``y[...] = W[x[...]]``; rows for ``ignore_label`` are zeros."""

    def __init__(self, ignore_label=None):
        self.ignore_label = ignore_label

    @property
    def label(self):
        return "EmbedIDFunction"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "W"))
        x_type, w_type = in_types
        x_dtype = type_check.eval(x_type.dtype)
        if x_dtype.kind not in "iu":
            raise type_check.InvalidType("x.dtype.kind in (i, u)", f"x.dtype == {x_dtype}")
        type_check.expect(w_type.dtype.kind == "f", w_type.ndim == 2)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, W = inputs
        self._w_shape = W.shape
        xp = chainer.backend.get_array_module(x)
        n_vocab = W.shape[0]
        valid = (x >= 0) & (x < n_vocab)
        if self.ignore_label is not None:
            valid |= x == self.ignore_label
        if not bool(valid.all()):
            ignored = "" if self.ignore_label is None else f" other than {self.ignore_label}"
            raise ValueError(
                f"embed_id: each ID{ignored} must satisfy 0 <= x < len(W) = {n_vocab}; "
                f"x holds values in [{int(x.min())}, {int(x.max())}]"
            )
        ids, mask = _valid_ids(xp, x, self.ignore_label)
        y = xp.take(W, ids, axis=0)
        if mask is not None:
            y[~mask] = 0
        return (y,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(None)
            else:
                node = EmbedIDGrad(self._w_shape, self.ignore_label)
                ret.append(node.apply((x, gy))[0])
        return tuple(ret)


class EmbedIDGrad(FunctionNode):
    """The weight gradient of :class:`EmbedIDFunction`: sums ``gy`` rows into ``W``'s rows."""

    def __init__(self, w_shape, ignore_label=None):
        self.w_shape = w_shape
        self.ignore_label = ignore_label

    @property
    def label(self):
        return "EmbedIDGrad"

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, gy = inputs
        xp = chainer.backend.get_array_module(gy)
        ids = x.reshape(-1)
        rows = gy.reshape(-1, self.w_shape[1])
        if self.ignore_label is not None:
            keep = ids != self.ignore_label
            ids = ids[keep]
            rows = rows[keep]
        # float16 sums are accumulated in float32.
        work = numpy.promote_types(gy.dtype, numpy.float32)
        gW = xp.zeros(self.w_shape, dtype=work)
        _scatter_add(xp, gW, ids, rows.astype(work, copy=False))
        return (gW.astype(gy.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (ggW,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(None)
            else:
                ret.append(EmbedIDFunction(self.ignore_label).apply((x, ggW))[0])
        return tuple(ret)


def embed_id(x, W, ignore_label=None):
    """Looks up the rows of ``W`` named by the integer IDs in ``x``.

    ``y[i_1, ..., i_n] = W[x[i_1, ..., i_n]]``; where ``x`` equals
    ``ignore_label`` the row is all zeros (and gets no gradient). ``x`` gets
    no gradient.

    Args:
        x (Variable or array): integer IDs of any shape, each in
            ``[0, len(W))`` or equal to ``ignore_label``.
        W (Variable or array): the embedding matrix of shape
            ``(n_vocab, n_units)``, floating point.
        ignore_label (int or None): an ID whose rows are zeros.

    Returns:
        Variable: shape ``x.shape + (n_units,)`` and the dtype of ``W``.
    """
    if ignore_label is not None and (
        isinstance(ignore_label, bool) or not isinstance(ignore_label, (int, numpy.integer))
    ):
        raise TypeError(f"embed_id: ignore_label must be None or an int, not {ignore_label!r}")
    return EmbedIDFunction(ignore_label).apply((x, W))[0]
