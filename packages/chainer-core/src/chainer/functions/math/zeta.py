"""zeta: the Hurwitz zeta function."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.math._special import as_dtype, special_module
from chainer.utils import type_check
from chainer.variable import Variable


class Zeta(FunctionNode):
    """Elementwise Hurwitz zeta ``zeta(x, q) = sum_k (k + q) ** -x``, differentiable in ``q``.

    The exponent ``x`` is a constant (a real number or an array) held by the
    node; the derivative with respect to ``q`` is ``-x * zeta(x + 1, q)``.
    """

    def __init__(self, x):
        self._x = x

    @property
    def label(self):
        return "zeta"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("q",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        if not isinstance(self._x, numbers.Real):
            x_shape = tuple(self._x.shape)
            q_shape = tuple(type_check.eval(in_types[0].shape))
            try:
                numpy.broadcast_shapes(x_shape, q_shape)
            except ValueError:
                raise type_check.InvalidType(
                    f"x.shape can be broadcast with q.shape (x.shape == {x_shape})",
                    f"q.shape == {q_shape}",
                ) from None

    def forward(self, inputs):
        self.retain_inputs((0,))
        (q,) = inputs
        xp = chainer.backend.get_array_module(q)
        if (
            not isinstance(self._x, numbers.Real)
            and chainer.backend.get_array_module(self._x) is not xp
        ):
            raise TypeError(
                f"zeta: x is a {type(self._x).__module__}.{type(self._x).__name__} but q is a "
                f"{type(q).__module__}.{type(q).__name__}; put both on the same device"
            )
        y = special_module(xp, "zeta").zeta(self._x, q)
        return (as_dtype(xp, y, q.dtype),)

    def backward(self, indexes, grad_outputs):
        (q,) = self.get_retained_inputs()
        x = self._x
        if isinstance(x, numbers.Real):
            gq = Zeta(x + 1).apply((q,))[0] * grad_outputs[0] * -x
        else:
            minus_x = Variable(-x.astype(q.dtype, copy=False), requires_grad=False)
            gq = Zeta(x + 1).apply((q,))[0] * grad_outputs[0] * minus_x
        if gq.shape != q.shape:
            gq = chainer.functions.sum_to(gq, q.shape)
        return (gq,)


def zeta(x, q):
    """Elementwise Hurwitz zeta function, ``zeta(x, q) = sum_{k >= 0} (k + q) ** -x``.

    ``zeta(x, 1)`` is the Riemann zeta function. It is differentiable with
    respect to ``q`` only; ``x`` is treated as a constant. On the CPU this
    needs SciPy (``pip install "chainer-core[scipy]"``).

    Args:
        x (float, Variable or array): the exponent, a real number or an
            array (on ``q``'s device) that broadcasts with ``q``. A Variable
            is used for its values; it gets no gradient.
        q (Variable or array): a floating-point input.

    Returns:
        Variable: ``zeta(x, q)``, of the broadcast shape of ``x`` and ``q``
        and of ``q``'s dtype.

    Raises:
        TypeError: if ``x`` is neither a real number nor an array.
    """
    if isinstance(x, Variable):
        x = x.array
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, *_array_types.ARRAY_TYPES)):
        raise TypeError(f"zeta: x must be a real number or an array, not {type(x).__name__}")
    if isinstance(x, numpy.generic):
        x = x.item()
    return Zeta(x).apply((q,))[0]
