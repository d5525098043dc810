"""shift: moves each group of channels by one kernel offset (a zero-FLOP convolution)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.connection._int_pairs import int_pair
from chainer.utils import type_check


def _group_shifts(kh, kw, dy, dx):
    """The ``(row, column)`` displacement of each of the ``kh * kw`` channel groups.

    Group ``g`` takes kernel position ``g``, except that the center position
    (no displacement) goes to the last group, which also takes the channels
    that do not divide evenly, and the last position goes to the center group.
    """
    n_groups = kh * kw
    center = (n_groups - 1) // 2
    shifts = []
    for g in range(n_groups):
        pos = n_groups - 1 if g == center else center if g == n_groups - 1 else g
        shifts.append(((pos // kw - kh // 2) * dy, (pos % kw - kw // 2) * dx))
    return shifts


def _span(offset, size):
    """The destination and source slices of a displacement by ``offset`` along ``size``."""
    if offset >= 0:
        return slice(offset, size), slice(0, max(size - offset, 0))
    return slice(0, max(size + offset, 0)), slice(-offset, size)


def _shift(x, kh, kw, dy, dx):
    xp = chainer.backend.get_array_module(x)
    c, h, w = x.shape[1:]
    group = c // (kh * kw)
    y = xp.zeros_like(x)
    for g, (oy, ox) in enumerate(_group_shifts(kh, kw, dy, dx)):
        chans = slice(g * group, c if g == kh * kw - 1 else (g + 1) * group)
        dst_h, src_h = _span(oy, h)
        dst_w, src_w = _span(ox, w)
        y[:, chans, dst_h, dst_w] = x[:, chans, src_h, src_w]
    return y


class Shift(FunctionNode):
    """``y[:, group g, i, j] = x[:, group g, i - oy_g, j - ox_g]`` (zero outside ``x``)."""

    def __init__(self, ksize=3, dilate=1):
        self.kh, self.kw = int_pair(ksize, "shift", "ksize", minimum=1)
        if self.kh % 2 != 1 or self.kw % 2 != 1:
            raise ValueError(f"shift: ksize must be odd, got {ksize!r}")
        self.dy, self.dx = int_pair(dilate, "shift", "dilate", nonzero=True)

    @property
    def label(self):
        return "Shift"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        (x_type,) = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            x_type.ndim == 4,
            x_type.shape[1] >= self.kh * self.kw,
        )

    def forward(self, inputs):
        return (_shift(inputs[0], self.kh, self.kw, self.dy, self.dx),)

    def backward(self, indexes, grad_outputs):
        # The adjoint of a displacement is the opposite displacement.
        node = Shift((self.kh, self.kw), (-self.dy, -self.dx))
        return node.apply(grad_outputs)


def shift(x, ksize=3, dilate=1):
    """Shifts channel groups of an image batch by the offsets of a ``kh x kw`` kernel.

    The ``C`` channels are split into ``kh * kw`` groups of ``C // (kh * kw)``
    channels (the last group takes the rest). Each group is displaced by one
    kernel position ``((a - kh // 2) * dy, (b - kw // 2) * dx)`` for ``a < kh``,
    ``b < kw``; the last group gets no displacement (the kernel center, whose
    position is swapped with the last one's). Pixels moved in from outside
    are zeros.

    Args:
        x (Variable or array): the input of shape ``(N, C, H, W)`` with
            ``C >= kh * kw``, floating point.
        ksize (int or pair of ints): the kernel size ``(kh, kw)``; both odd.
        dilate (int or pair of ints): the dilation ``(dy, dx)``, multiplying
            the displacements; nonzero (a negative one reverses them).

    Returns:
        Variable: the shifted images, of the shape and dtype of ``x``.
    """
    return Shift(ksize, dilate).apply((x,))[0]
