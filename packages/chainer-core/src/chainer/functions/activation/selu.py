"""selu: the scaled exponential linear unit."""

from __future__ import annotations

from chainer.functions.activation._checks import real
from chainer.functions.activation.elu import elu

# The constants that make SELU self-normalizing (Klambauer et al., 2017).
_ALPHA = 1.6732632423543772
_SCALE = 1.0507009873554805


def selu(x, alpha=_ALPHA, scale=_SCALE):
    """Scaled exponential linear unit: ``scale * elu(x, alpha)``.

    That is ``scale * x`` for ``x >= 0`` and ``scale * alpha * (exp(x) - 1)``
    for ``x < 0``. The defaults are the self-normalizing constants.

    Args:
        x (Variable or array): a floating-point input of any shape.
        alpha (float): the scale of the negative part before ``scale``.
        scale (float): the overall scale.

    Returns:
        Variable: the output, same shape and dtype as ``x``.

    Raises:
        TypeError: if ``alpha`` or ``scale`` is not a real number.
    """
    real("selu", "scale", scale)
    return elu(x, real("selu", "alpha", alpha)) * scale
