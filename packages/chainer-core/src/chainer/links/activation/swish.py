"""Swish: ``x * sigmoid(beta * x)`` with a learned ``beta``."""

from __future__ import annotations

from chainer import initializers, link
from chainer.functions.activation.swish import swish
from chainer.parameter import Parameter

__all__ = ["Swish"]


class Swish(link.Link):
    """Swish activation ``y = x * sigmoid(beta * x)`` with a learned ``beta``.

    ``beta`` is broadcast over the input from its second axis on (one value
    per channel, for example).

    Args:
        beta_shape (tuple of ints or None): the shape of ``beta``. None defers
            the initialization to the first forward, where ``beta`` takes the
            input's shape without its batch axis (``x.shape[1:]``).
        beta_init: the initial value: a scalar (1.0 by default), an array or
            an initializer.

    Attributes:
        beta (~chainer.Parameter): the parameter ``beta``.

    .. seealso:: :func:`chainer.functions.swish`
    """

    def __init__(self, beta_shape, beta_init=1.0):
        super().__init__()
        with self.init_scope():
            if beta_shape is None:
                self.beta = Parameter(initializers._get_initializer(beta_init))
            else:
                self.beta = Parameter(beta_init, beta_shape)

    def forward(self, x):
        """Applies the Swish function.

        Args:
            x (~chainer.Variable or array): the input ``(N, *beta.shape, ...)``,
                floating point.

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.
        """
        if self.beta.array is None:
            self.beta.initialize(x.shape[1:])
        return swish(x, self.beta)
