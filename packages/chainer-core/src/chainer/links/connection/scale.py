"""Scale: multiplies by a learned (or given) array broadcast along the other axes of the input."""

from __future__ import annotations

from chainer import link
from chainer.functions.math import scale as scale_function
from chainer.links.connection import _utils
from chainer.links.connection.bias import Bias, _check_shape
from chainer.parameter import Parameter

_NAME = "Scale"


class Scale(link.Chain):
    """Broadcasted elementwise product with a learned or a given scale, and an optional bias.

    Computes :func:`chainer.functions.scale`: the scale is lined up with the
    axes ``axis, axis + 1, ...`` of the input and repeated along the others.
    With ``W_shape`` given, the link learns the scale ``W`` (ones at first)
    and is called with one input; without it, the scale is the second input.
    With ``bias_term``, a learned :class:`Bias` is added after the product.

    Args:
        axis (int): The first axis of the input that the scale lines up with.
        W_shape (int or tuple of ints or None): The shape of the learned
            scale ``W``; None when the scale is given at each call.
        bias_term (bool): Whether to add a learned bias.
        bias_shape (int or tuple of ints or None): The shape of the bias when
            ``W_shape`` is None (otherwise the bias has ``W_shape``).

    Attributes:
        W (~chainer.Parameter): The learned scale (only when ``W_shape`` was given).
        bias (Bias): The bias link (only with ``bias_term``).
        axis (int): See above.

    Raises:
        ValueError: When ``bias_term`` is set but neither shape is given.
    """

    def __init__(self, axis=1, W_shape=None, bias_term=False, bias_shape=None):
        super().__init__()
        if not _utils.is_int(axis):
            raise TypeError(f"{_NAME}: axis must be an int, not {axis!r}")
        self.axis = int(axis)
        W_shape = _check_shape(_NAME, "W_shape", W_shape)
        bias_shape = _check_shape(_NAME, "bias_shape", bias_shape)
        bias_term = _utils.check_bool(_NAME, "bias_term", bias_term)
        with self.init_scope():
            if W_shape is not None:
                self.W = Parameter(1, W_shape)
            if bias_term:
                shape = W_shape if W_shape is not None else bias_shape
                if shape is None:
                    raise ValueError(
                        f"{_NAME}: bias_shape must be given when bias_term is True and the "
                        "scale is not learned (W_shape is None)"
                    )
                self.bias = Bias(self.axis, shape)

    def forward(self, *xs):
        """Multiplies the input by the scale (and adds the bias).

        Args:
            *xs: ``(x,)`` when the link holds ``W``, else ``(x, y)`` with the
                scale ``y``. ``x`` is floating point; the scale has its dtype
                and the shape of ``x.shape[axis:axis + scale.ndim]``.

        Returns:
            Variable: The result, of the shape and dtype of ``x``.

        Raises:
            TypeError: When the number of inputs is not 1 (with a learned
                scale) or 2 (without one).
        """
        W = getattr(self, "W", None)
        if W is not None:
            if len(xs) != 1:
                raise TypeError(
                    f"{_NAME}: this link holds its scale W, so it takes one input, got {len(xs)}"
                )
            y = scale_function.scale(xs[0], W, self.axis)
        else:
            if len(xs) != 2:
                raise TypeError(
                    f"{_NAME}: this link has no learned scale (W_shape was None), so it takes "
                    f"two inputs (x and the scale), got {len(xs)}"
                )
            y = scale_function.scale(xs[0], xs[1], self.axis)
        bias = getattr(self, "bias", None)
        if bias is not None:
            y = bias(y)
        return y
