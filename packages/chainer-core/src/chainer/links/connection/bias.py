"""Bias: adds a learned (or given) array broadcast along the other axes of the input."""

from __future__ import annotations

from chainer import link
from chainer.functions.math import bias as bias_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "Bias"


def _check_shape(name, arg, shape):
    if shape is None:
        return None
    if _utils.is_int(shape):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not all(_utils.is_int(s) for s in shape):
        raise TypeError(f"{name}: {arg} must be None, an int or a tuple of ints, not {shape!r}")
    if any(s < 0 for s in shape):
        raise ValueError(f"{name}: {arg} must not have negative entries, got {tuple(shape)}")
    return tuple(int(s) for s in shape)


class Bias(link.Link):
    """Broadcasted elementwise sum with a learned or a given bias.

    Computes :func:`chainer.functions.bias`: the bias is lined up with the
    axes ``axis, axis + 1, ...`` of the input and repeated along the others.
    With ``shape`` given, the link learns the bias ``b`` (zeros at first)
    and is called with one input; without it, the bias is the second input.

    Args:
        axis (int): The first axis of the input that the bias lines up with.
        shape (int or tuple of ints or None): The shape of the learned bias
            ``b``; None when the bias is given at each call.

    Attributes:
        b (~chainer.Parameter): The learned bias (only when ``shape`` was given).
        axis (int): See above.

    .. admonition:: Example

        >>> import numpy as np
        >>> import chainer.links as L
        >>> L.Bias(axis=1, shape=(3,))(np.zeros((2, 3, 4), np.float32)).shape
        (2, 3, 4)
    """

    def __init__(self, axis=1, shape=None):
        super().__init__()
        if not _utils.is_int(axis):
            raise TypeError(f"{_NAME}: axis must be an int, not {axis!r}")
        self.axis = int(axis)
        shape = _check_shape(_NAME, "shape", shape)
        if shape is not None:
            with self.init_scope():
                self.b = Parameter(0, shape)

    def forward(self, *xs):
        """Adds the bias to the input.

        Args:
            *xs: ``(x,)`` when the link holds ``b``, else ``(x, y)`` with the
                bias ``y``. ``x`` is floating point; the bias has its dtype
                and the shape of ``x.shape[axis:axis + bias.ndim]``.

        Returns:
            Variable: The sum, of the shape and dtype of ``x``.

        Raises:
            TypeError: When the number of inputs is not 1 (with a learned
                bias) or 2 (without one).
        """
        b = getattr(self, "b", None)
        if b is not None:
            if len(xs) != 1:
                raise TypeError(
                    f"{_NAME}: this link holds its bias b, so it takes one input, got {len(xs)}"
                )
            return bias_function.bias(xs[0], b, self.axis)
        if len(xs) != 2:
            raise TypeError(
                f"{_NAME}: this link has no learned bias (shape was None), so it takes two "
                f"inputs (x and the bias), got {len(xs)}"
            )
        return bias_function.bias(xs[0], xs[1], self.axis)
