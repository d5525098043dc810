"""concat: joins arrays along an existing axis."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _check_axis_int(axis, func_name):
    if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
        raise TypeError(f"{func_name}: axis must be an int, not {axis!r}")
    return int(axis)


def _as_input_list(xs, func_name):
    """``xs`` as a list of inputs; a single Variable or array is an error, not a sequence."""
    if isinstance(xs, chainer.Variable) or hasattr(xs, "shape"):
        raise TypeError(
            f"{func_name}: xs must be a list or tuple of Variables or arrays, "
            f"not a single {type(xs).__name__}"
        )
    try:
        xs = list(xs)
    except TypeError:
        raise TypeError(
            f"{func_name}: xs must be a list or tuple of Variables or arrays, "
            f"not {type(xs).__name__}"
        ) from None
    if not xs:
        raise ValueError(f"{func_name}: xs must hold at least one Variable or array, got none")
    return xs


class Concat(FunctionNode):
    """Concatenates the inputs along ``axis`` (all other dimensions must match)."""

    def __init__(self, axis=1):
        self.axis = _check_axis_int(axis, "concat")

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        type_check._argname((in_types[0],), ("x0",))
        ndim = type_check.eval(in_types[0].ndim)
        axis = self.axis
        if axis >= 0:
            type_check.expect(in_types[0].ndim > axis)
        else:
            type_check.expect(-in_types[0].ndim <= axis)
        axis %= max(ndim, 1)
        for i in range(1, type_check.eval(in_types.size())):
            type_check._argname((in_types[i],), (f"x{i}",))
            type_check.expect(
                in_types[0].dtype == in_types[i].dtype,
                in_types[0].ndim == in_types[i].ndim,
            )
            for d in range(ndim):
                if d != axis:
                    type_check.expect(in_types[0].shape[d] == in_types[i].shape[d])

    def forward(self, inputs):
        axis = self.axis % inputs[0].ndim
        self._axis = axis
        self._sizes = tuple(x.shape[axis] for x in inputs)
        xp = chainer.backend.get_array_module(*inputs)
        return (xp.concatenate(inputs, axis=axis),)

    def backward(self, indexes, grad_outputs):
        return ConcatGrad(self._sizes, self._axis).apply(grad_outputs)


class ConcatGrad(FunctionNode):
    """Splits the input along ``axis`` into pieces of the given sizes (the gradient of concat).

    Its own gradient concatenates the piece gradients again (zeros for a piece
    that got none).
    """

    def __init__(self, sizes, axis):
        self.sizes = tuple(int(s) for s in sizes)
        self.axis = axis

    @property
    def label(self):
        return "SplitAxis"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(
            in_types[0].ndim > self.axis, in_types[0].shape[self.axis] == sum(self.sizes)
        )

    def forward(self, inputs):
        (x,) = inputs
        self._shape = x.shape
        self._dtype = x.dtype
        self._device = chainer.backend.get_device_from_array(x)
        lead = (slice(None),) * self.axis
        outputs = []
        start = 0
        for size in self.sizes:
            outputs.append(x[lead + (slice(start, start + size),)])
            start += size
        return tuple(outputs)

    def backward(self, indexes, grad_outputs):
        pieces = []
        for g, size in zip(grad_outputs, self.sizes):
            if g is None:
                shape = self._shape[: self.axis] + (size,) + self._shape[self.axis + 1 :]
                with chainer.using_device(self._device):
                    g = self._device.xp.zeros(shape, self._dtype)
            pieces.append(g)
        return (Concat(self.axis).apply(pieces)[0],)


def concat(xs, axis=1):
    """Concatenates Variables along an axis.

    Args:
        xs (list or tuple of Variable or array): the inputs; all of one dtype
            and one number of dimensions (at least 1), with equal sizes in every
            dimension but ``axis``.
        axis (int): the axis along which to join (negative counts from the end).

    Returns:
        Variable: the concatenation; its size along ``axis`` is the sum of the
        inputs' sizes, its dtype the inputs' dtype.
    """
    xs = _as_input_list(xs, "concat")
    return Concat(axis).apply(xs)[0]
