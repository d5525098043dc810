"""copy: moves a Variable to another device, differentiably."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


class Copy(FunctionNode):
    """Sends the input from ``in_device`` to ``out_device``; the gradient goes back."""

    def __init__(self, in_device, out_device):
        self.in_device = in_device
        self.out_device = out_device

    @property
    def label(self):
        return f"Copy({self.out_device.name})"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))

    def forward(self, inputs):
        (x,) = inputs
        if self.out_device.is_array_supported(x):
            # Already there: a view, as Chainer documents (no data is copied).
            return (x.view(),)
        return (self.out_device.send(x),)

    def backward(self, indexes, grad_outputs):
        return Copy(self.out_device, self.in_device).apply(grad_outputs)


def copy(x, dst):
    """Copies a Variable onto the device ``dst``.

    The gradient flows back to the device ``x`` came from. When ``x`` already
    lives on ``dst``, nothing is copied: the output holds a view of ``x``'s
    array, so writing into one shows in the other.

    Args:
        x (Variable or array): the input.
        dst: the target device: a :class:`~chainer.backend.Device`, a
            specifier string (``'@numpy'``, ``'@cupy:0'``, ``'@intel64'``), an
            int (a GPU id, or -1 for the CPU) or any other form
            :func:`chainer.get_device` accepts.

    Returns:
        Variable: ``x``'s values on ``dst``, same shape and dtype.
    """
    out_device = chainer.backend.get_device(dst)
    in_device = chainer.backend.get_device_from_array(x)
    return Copy(in_device, out_device).apply((x,))[0]
