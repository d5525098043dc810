"""Parameter: a link that holds one array as a parameter and returns it when called."""

from __future__ import annotations

import chainer
from chainer import _array_types, link


class Parameter(link.Link):
    """A link that only holds a parameter ``W`` and returns it.

    Handy to put a free learnable array into a :class:`~chainer.Chain` or
    :class:`~chainer.Sequential` (parameters can also be attributes of a
    link directly, which is usually simpler).

    Args:
        array (numpy.ndarray or cupy.ndarray): The initial value; ``W`` uses
            this very array (no copy), and the link lives on its device.

    Attributes:
        W (~chainer.Parameter): The parameter.
    """

    def __init__(self, array):
        super().__init__()
        if not isinstance(array, _array_types.ARRAY_TYPES):
            raise TypeError(
                f"Parameter: array must be a numpy.ndarray or a cupy.ndarray, "
                f"not {type(array).__name__}"
            )
        with self.init_scope():
            self.W = chainer.Parameter(array)
        device = chainer.backend.get_device_from_array(array)
        if not isinstance(device, chainer.backend.CpuDevice):
            self.to_device(device)

    def forward(self, volatile="off"):
        """Returns the parameter ``W`` (the same shape and dtype as the array).

        Args:
            volatile: Chainer v1's volatility flag; only ``'off'`` is accepted.

        Returns:
            ~chainer.Variable: ``W`` itself, so gradients reach it.
        """
        if volatile != "off":
            raise ValueError(
                f"Parameter: volatile={volatile!r} is not supported; use "
                "chainer.no_backprop_mode() to compute without a graph"
            )
        return self.W
