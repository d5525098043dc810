"""GroupNormalization: normalization over groups of channels of each sample."""

from __future__ import annotations

from chainer import initializers, link
from chainer.functions.normalization.group_normalization import group_normalization
from chainer.parameter import Parameter

__all__ = ["GroupNormalization"]


class GroupNormalization(link.Link):
    """Group normalization layer.

    Each sample's channels are split into ``groups`` groups, each group is
    standardized, then ``gamma`` and ``beta`` scale and shift the channels.

    Args:
        groups (int): the number of channel groups (a divisor of the channels).
        size (int or None): the number of channels; None defers it to the
            first forward (``x.shape[1]``).
        eps (float): added to the variances.
        initial_gamma: the initializer of ``gamma`` (1 when None).
        initial_beta: the initializer of ``beta`` (0 when None).

    Attributes:
        groups (int): the number of groups.
        gamma (~chainer.Parameter): the scale ``(size,)``.
        beta (~chainer.Parameter): the shift ``(size,)``.
        eps (float): added to the variances.

    .. seealso:: :func:`~chainer.functions.group_normalization`
    """

    def __init__(self, groups, size=None, eps=1e-5, initial_gamma=None, initial_beta=None):
        super().__init__()
        self.groups = groups
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
            x (~chainer.Variable or array): the input ``(N, C, ...)``, of the
                parameters' dtype.

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.

        Raises:
            ValueError: when ``x`` has fewer than two dimensions.
        """
        if self.gamma.array is None:
            if x.ndim < 2:
                raise ValueError(
                    "GroupNormalization: the input must have at least 2 dimensions (batch, "
                    f"channels, ...), got shape {tuple(x.shape)}"
                )
            self._initialize_params(x.shape[1])
        return group_normalization(x, self.groups, self.gamma, self.beta, self.eps)
