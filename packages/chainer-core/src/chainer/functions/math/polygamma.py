"""polygamma: the derivatives of the digamma function."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.math._special import as_dtype, special_module
from chainer.utils import type_check
from chainer.variable import Variable


class PolyGamma(FunctionNode):
    """Elementwise ``polygamma(n, x)``, the ``n``-th derivative of ``digamma(x)``.

    ``n`` is an integer array that gets no gradient; the derivative with
    respect to ``x`` is ``polygamma(n + 1, x)``. ``n`` and ``x`` broadcast.
    """

    @property
    def label(self):
        return "polygamma"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("n", "x"))
        n_type, x_type = in_types
        type_check.expect(n_type.dtype.kind == "i", x_type.dtype.kind == "f")
        type_check.expect_broadcast_shapes(n_type.shape, x_type.shape)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        n, x = inputs
        xp = chainer.backend.get_array_module(x)
        y = special_module(xp, "polygamma").polygamma(n, x)
        return (as_dtype(xp, y, x.dtype),)

    def backward(self, indexes, grad_outputs):
        n, x = self.get_retained_inputs()
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(None)  # n is an integer order
            else:
                next_n = n.xp.asarray(n.array + 1)
                gx = PolyGamma().apply((next_n, x))[0] * grad_outputs[0]
                if gx.shape != x.shape:
                    gx = chainer.functions.sum_to(gx, x.shape)
                ret.append(gx)
        return tuple(ret)


def polygamma(n, x):
    """Elementwise polygamma function, the ``n``-th derivative of :func:`digamma`.

    ``polygamma(0, x)`` is ``digamma(x)``. On the CPU this needs SciPy
    (``pip install "chainer-core[scipy]"``).

    Args:
        n (int, Variable or array): the non-negative integer orders, an int
            or an integer array (signed dtype) that broadcasts with ``x``.
            It gets no gradient.
        x (Variable or array): a floating-point input.

    Returns:
        Variable: ``polygamma(n, x)``, of the broadcast shape of ``n`` and
        ``x`` and of ``x``'s dtype.

    Raises:
        TypeError: if ``n`` is neither an int nor an array.
        ValueError: if ``n`` is a negative int.
    """
    if isinstance(n, (numbers.Integral, numpy.integer)) and not isinstance(n, bool):
        if n < 0:
            raise ValueError(f"polygamma: n must be non-negative, but {n} was given")
        device = chainer.backend.get_device_from_array(x)
        n = device.send(numpy.asarray(n, dtype=numpy.int32))
    elif not isinstance(n, (Variable, *_array_types.ARRAY_TYPES)):
        raise TypeError(f"polygamma: n must be an int or an integer array, not {type(n).__name__}")
    return PolyGamma().apply((n, x))[0]
