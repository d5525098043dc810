"""pad_sequence: pads arrays of different lengths into one batch."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.array.concat import _as_input_list
from chainer.utils import type_check


class PadSequence(FunctionNode):
    """Stacks inputs ``(L_i, ...)`` into ``(n, length, ...)``, filling the tail with ``padding``."""

    def __init__(self, length, padding):
        if length is not None:
            if isinstance(length, bool) or not isinstance(length, (int, numpy.integer)):
                raise TypeError(f"pad_sequence: length must be None or an int, not {length!r}")
            if length < 0:
                raise ValueError(f"pad_sequence: length must not be negative, got {length}")
            length = int(length)
        if isinstance(padding, bool) or not isinstance(padding, numbers.Number):
            raise TypeError(f"pad_sequence: padding must be a number, not {padding!r}")
        self.length = length
        self.padding = padding

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        for i, in_type in enumerate(in_types):
            type_check._argname((in_type,), (f"x{i}",))
            type_check.expect(
                in_type.ndim > 0,
                in_type.shape[1:] == in_types[0].shape[1:],
                in_type.dtype == in_types[0].dtype,
            )
        if self.length is not None:
            for in_type in in_types:
                type_check.expect(in_type.shape[0] <= self.length)

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(*inputs)
        self._lengths = tuple(x.shape[0] for x in inputs)
        length = max(self._lengths) if self.length is None else self.length
        self._length = length
        dtype = inputs[0].dtype
        shape = (len(inputs), length) + inputs[0].shape[1:]
        y = xp.full(shape, dtype.type(self.padding), dtype=dtype)
        for i, x in enumerate(inputs):
            y[i, : x.shape[0]] = x
        return (y,)

    def backward(self, indexes, grad_outputs):
        return PadSequenceGrad(self._lengths, self._length).apply(grad_outputs)


class PadSequenceGrad(FunctionNode):
    """Cuts row ``i`` of the input back to ``lengths[i]`` (the gradient of pad_sequence)."""

    def __init__(self, lengths, length):
        self.lengths = lengths
        self.length = length

    def forward(self, inputs):
        (gy,) = inputs
        self._shape = gy.shape
        self._dtype = gy.dtype
        self._device = chainer.backend.get_device_from_array(gy)
        return tuple(gy[i, :n] for i, n in enumerate(self.lengths))

    def backward(self, indexes, grad_outputs):
        grads = []
        for g, n in zip(grad_outputs, self.lengths):
            if g is None:
                with chainer.using_device(self._device):
                    g = self._device.xp.zeros((n,) + self._shape[2:], self._dtype)
            grads.append(g)
        return (PadSequence(self.length, 0).apply(grads)[0],)


def pad_sequence(xs, length=None, padding=0):
    """Pads arrays of different lengths to one length and stacks them.

    Args:
        xs (list or tuple of Variable or array): the sequences, of shapes
            ``(L_i, ...)``; all of one dtype and one trailing shape.
        length (int or None): the padded length; None means ``max(L_i)``.
            Every ``L_i`` must be at most ``length``.
        padding (int or float): the value written after each sequence's end
            (cast to the inputs' dtype).

    Returns:
        Variable: shape ``(len(xs), length, ...)``, the inputs' dtype; row
        ``i`` holds ``xs[i]`` followed by ``padding``.
    """
    xs = _as_input_list(xs, "pad_sequence")
    return PadSequence(length, padding).apply(xs)[0]
