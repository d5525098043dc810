"""zoneout: keeps the previous state in place of the new one, element by element, at random."""

from __future__ import annotations

import chainer
from chainer.configuration import config
from chainer.function_node import FunctionNode
from chainer.functions.noise.dropout import check_ratio, parse_kwargs
from chainer.utils import type_check


class Zoneout(FunctionNode):
    """Each element is ``h`` with probability ``ratio``, else ``x``.

    Attributes:
        flag_h (array): 1 where the output is taken from ``h``, else 0
            (of the inputs' dtype).
        flag_x (array): ``1 - flag_h``.
    """

    def __init__(self, zoneout_ratio):
        self.zoneout_ratio = check_ratio("zoneout", zoneout_ratio, upper_inclusive=True)

    @property
    def label(self):
        return "Zoneout"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("h", "x"))
        h_type, x_type = in_types
        type_check.expect(
            h_type.dtype.kind == "f",
            x_type.dtype == h_type.dtype,
            x_type.shape == h_type.shape,
        )

    def forward(self, inputs):
        h, x = inputs
        xp = chainer.backend.get_array_module(x)
        take_x = xp.asarray(xp.random.random_sample(x.shape) >= self.zoneout_ratio)
        self.flag_x = take_x.astype(x.dtype)
        self.flag_h = (~take_x).astype(x.dtype)
        return (xp.where(take_x, x, h),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        flags = (self.flag_h, self.flag_x)
        return tuple(gy * flags[i] for i in indexes)


def zoneout(h, x, ratio=0.5, **kwargs):
    """Zoneout: each element keeps the previous state ``h`` with probability ``ratio``.

    While training (``chainer.config.train``) each element of the output is
    ``h``'s with probability ``ratio`` and ``x``'s otherwise, drawn from the
    global generator of the inputs' array module (``numpy.random`` or
    ``cupy.random``); outside training the output is ``x``. Unlike dropout,
    nothing is rescaled.

    Args:
        h (Variable or array): the previous state, floating point.
        x (Variable or array): the new state, of ``h``'s shape and dtype.
        ratio (float): the probability of keeping ``h``, in [0, 1].

    Returns:
        Variable: the output, of ``x``'s shape and dtype.

    Raises:
        ValueError: for ``ratio`` outside [0, 1] or the removed ``train=``
            argument (use ``chainer.using_config('train', False)``).
    """
    parse_kwargs("zoneout", kwargs, {}, train_removed=True)
    check_ratio("zoneout", ratio, upper_inclusive=True)
    if config.train:
        return Zoneout(ratio).apply((h, x))[0]
    return chainer.as_variable(x)
