"""LayerNormalization: normalization over the units of each sample."""

from __future__ import annotations

import math

from chainer import initializers, link
from chainer.functions.normalization.layer_normalization import layer_normalization
from chainer.parameter import Parameter

__all__ = ["LayerNormalization"]


class LayerNormalization(link.Link):
    """Layer normalization layer on the outputs of linear layers.

    Each sample's units are standardized, then scaled by ``gamma`` and
    shifted by ``beta``.

    Args:
        size (int or None): the number of units; None defers it to the first
            forward (the size of one sample).
        eps (float): added to the variances.
        initial_gamma: the initializer of ``gamma`` (1 when None).
        initial_beta: the initializer of ``beta`` (0 when None).

    Attributes:
        gamma (~chainer.Parameter): the scale ``(size,)``.
        beta (~chainer.Parameter): the shift ``(size,)``.
        eps (float): added to the variances.

    .. seealso:: :func:`~chainer.functions.layer_normalization`
    """

    def __init__(self, size=None, eps=1e-6, initial_gamma=None, initial_beta=None):
        super().__init__()
        self.eps = eps
        with self.init_scope():
            self.gamma = Parameter(
                initializers._get_initializer(1 if initial_gamma is None else initial_gamma)
            )
            self.beta = Parameter(
                initializers._get_initializer(0 if initial_beta is None else initial_beta)
            )
        if size is not None:
            self._initialize_params(size)

    def _initialize_params(self, size):
        self.gamma.initialize(size)
        self.beta.initialize(size)

    def forward(self, x):
        """Normalizes the input.

        Args:
            x (~chainer.Variable or array): the input ``(N, size)``, of the
                parameters' dtype.

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.
        """
        if self.gamma.array is None:
            self._initialize_params(math.prod(x.shape[1:]))
        return layer_normalization(x, self.gamma, self.beta, self.eps)
