"""pad: pads an array with a constant."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.get_item import get_item
from chainer.utils import type_check


def _normalize_pad_width(pad_width):
    try:
        widths = numpy.asarray(pad_width)
    except (TypeError, ValueError):
        widths = None
    if widths is None or widths.dtype.kind not in "iu" or widths.ndim > 2:
        raise TypeError(
            "pad: pad_width must be an int, a pair (before, after) or one pair per axis "
            f"of ints, not {pad_width!r}"
        )
    if (widths < 0).any():
        raise ValueError(f"pad: pad_width must not be negative, got {pad_width!r}")
    return widths.astype(numpy.int64)


class Pad(FunctionNode):
    """Pads the input with ``constant_values`` (``numpy.pad``'s 'constant' mode)."""

    def __init__(self, pad_width, constant_values=0):
        self.pad_width = _normalize_pad_width(pad_width)
        self.constant_values = constant_values

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types[0].dtype.kind == "f")
        ndim = type_check.eval(in_types[0].ndim)
        try:
            self._widths = numpy.broadcast_to(self.pad_width, (ndim, 2))
        except ValueError:
            raise ValueError(
                f"pad: pad_width of shape {self.pad_width.shape} does not fit x.ndim == {ndim}; "
                "give an int, one (before, after) pair, or one pair per axis"
            ) from None

    def forward(self, inputs):
        (x,) = inputs
        self._in_shape = x.shape
        widths = numpy.broadcast_to(self.pad_width, (x.ndim, 2))
        self._widths = widths
        if x.ndim == 0:
            return (x.copy(),)  # nothing to pad
        xp = chainer.backend.get_array_module(x)
        pairs = tuple((int(b), int(a)) for b, a in widths)
        return (xp.pad(x, pairs, mode="constant", constant_values=self.constant_values),)

    def backward(self, indexes, grad_outputs):
        slices = tuple(
            slice(int(b), int(b) + size) for (b, _), size in zip(self._widths, self._in_shape)
        )
        return (get_item(grad_outputs[0], slices),)


def pad(x, pad_width, mode, **keywords):
    """Pads ``x`` along every axis, as ``numpy.pad`` does.

    Only the ``'constant'`` mode is supported: it is the one whose gradient
    is the slice of the output gradient at the input's position.

    Args:
        x (Variable or array): a floating-point input.
        pad_width (int or sequence): how many values to add before and after
            each axis: an int for all, ``(before, after)`` for all axes, or
            ``((before_1, after_1), ..., (before_N, after_N))``; ints >= 0.
        mode (str): ``'constant'``.
        **keywords: ``constant_values`` (scalar or per-axis pairs as in
            ``numpy.pad``; 0 by default), the value(s) written in the padding.

    Returns:
        Variable: the padded variable, same dtype; axis ``i`` grows by
        ``before_i + after_i``.
    """
    if mode != "constant":
        raise ValueError(
            f"pad: mode {mode!r} is not supported; only 'constant' is (with constant_values)"
        )
    unknown = set(keywords) - {"constant_values"}
    if unknown:
        raise TypeError(
            f"pad: unexpected keyword argument(s) {sorted(unknown)} for mode 'constant'; "
            "only constant_values is accepted"
        )
    return Pad(pad_width, keywords.get("constant_values", 0)).apply((x,))[0]
