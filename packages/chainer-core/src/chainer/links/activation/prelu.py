"""PReLU: the parametric ReLU with a learned slope for the negative part."""

from __future__ import annotations

from chainer import link
from chainer.functions.activation.prelu import prelu
from chainer.parameter import Parameter

__all__ = ["PReLU"]


class PReLU(link.Link):
    """Parametric ReLU, ``y = max(x, W * x)`` elementwise with a learned slope ``W``.

    ``W`` is broadcast over the input from its second axis on: an input of
    shape ``(N, C, H, W)`` and a ``W`` of shape ``(C,)`` give one slope per
    channel; the default ``()`` shares one slope across all elements.

    Args:
        shape (tuple of ints): the shape of ``W``.
        init: the initial slope: a scalar (0.25 by default), an array used as
            it is, or an initializer.

    Attributes:
        W (~chainer.Parameter): the slopes of the negative part.

    .. seealso:: :func:`chainer.functions.prelu`
    """

    def __init__(self, shape=(), init=0.25):
        super().__init__()
        with self.init_scope():
            self.W = Parameter(init, shape)

    def forward(self, x):
        """Applies the parametric ReLU.

        Args:
            x (~chainer.Variable or array): the input ``(N, *W.shape, ...)``,
                floating point of ``W``'s dtype.

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.
        """
        return prelu(x, self.W)
