"""Elementwise remainder of a division, with the sign of the dividend (C's ``fmod``)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Fmod(FunctionNode):
    """``fmod(x, divisor) = x - divisor * fix(x / divisor)`` with broadcasting.

    Its gradients are ``gy`` for ``x`` and ``-fix(x / divisor) gy`` for
    ``divisor`` (the quotient is piecewise constant, a constant here).
    """

    @property
    def label(self):
        return "fmod"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "divisor"))
        type_check.expect(
            in_types.size() == 2,
            in_types[0].dtype.kind == "f",
            in_types[0].dtype == in_types[1].dtype,
        )
        type_check.expect_broadcast_shapes(in_types[0].shape, in_types[1].shape)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, divisor = inputs
        xp = chainer.backend.get_array_module(x)
        return (xp.fmod(x, divisor),)

    def backward(self, indexes, grad_outputs):
        x, divisor = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                g, shape = gy, x.shape
            else:
                xp = chainer.backend.get_array_module(x.array)
                quotient = xp.asarray(xp.fix(x.array / divisor.array))
                g, shape = -(gy * quotient), divisor.shape
            ret.append(g if g.shape == shape else chainer.functions.sum_to(g, shape))
        return tuple(ret)


def fmod(x, divisor):
    """Elementwise remainder of ``x / divisor`` with the sign of ``x``.

    :math:`y_i = x_i - d_i \\operatorname{fix}(x_i / d_i)`, as C's ``fmod``
    and :func:`numpy.fmod` compute it. The inputs broadcast against each
    other like NumPy arrays; the gradient of a broadcast input is summed back
    to its shape.

    Args:
        x (Variable or array): the dividend, a floating-point array.
        divisor (Variable or array): the divisor, of the same dtype as ``x``
            and a shape that broadcasts with ``x``'s (NaN where it is 0).

    Returns:
        Variable: the remainder, of the broadcast shape and the inputs' dtype.
    """
    return Fmod().apply((x, divisor))[0]
