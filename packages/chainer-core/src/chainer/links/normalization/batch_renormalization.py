"""BatchRenormalization: batch normalization corrected toward the running statistics."""

from __future__ import annotations

from chainer import configuration
from chainer.functions.normalization.batch_normalization import fixed_batch_normalization
from chainer.functions.normalization.batch_renormalization import batch_renormalization
from chainer.links.normalization.batch_normalization import BatchNormalization

__all__ = ["BatchRenormalization"]


class BatchRenormalization(BatchNormalization):
    """Batch renormalization layer.

    In training the batch statistics are corrected toward the running ones
    with ``r = clip(sigma / running_sigma, 1 / rmax, rmax)`` and ``d =
    clip((mean - running_mean) / running_sigma, -dmax, dmax)``: ``y = gamma *
    ((x - mean) / sigma * r + d) + beta``, ``r`` and ``d`` held constant in
    the backward. With ``rmax=1`` and ``dmax=0`` (the defaults) it is batch
    normalization. In test mode it normalizes with the running statistics.

    Args:
        size (int or tuple of ints): the shape of the statistics (the channel axes).
        rmax (float): the bound of ``r`` (at least 1).
        dmax (float): the bound of ``d`` (non-negative).
        decay (float): the decay of the running averages.
        eps (float): added to the variance.
        dtype: the dtype of the parameters and statistics.
        use_gamma (bool): learn a scale (else 1).
        use_beta (bool): learn a shift (else 0).
        initial_gamma: the initializer of ``gamma`` (1 when None).
        initial_beta: the initializer of ``beta`` (0 when None).
        initial_avg_mean: the initializer of ``avg_mean`` (0 when None).
        initial_avg_var: the initializer of ``avg_var`` (1 when None).

    Attributes:
        rmax (float): the bound of ``r``.
        dmax (float): the bound of ``d``.

    See :class:`BatchNormalization` for the other attributes.

    .. seealso:: :func:`~chainer.functions.batch_renormalization`
    """

    def __init__(
        self,
        size,
        rmax=1,
        dmax=0,
        decay=0.9,
        eps=2e-5,
        dtype=None,
        use_gamma=True,
        use_beta=True,
        initial_gamma=None,
        initial_beta=None,
        initial_avg_mean=None,
        initial_avg_var=None,
    ):
        if size is None:
            raise ValueError("BatchRenormalization: size is required (an int or a tuple of ints)")
        super().__init__(
            size,
            decay,
            eps,
            dtype,
            use_gamma,
            use_beta,
            initial_gamma,
            initial_beta,
            initial_avg_mean=initial_avg_mean,
            initial_avg_var=initial_avg_var,
        )
        self.rmax = rmax
        self.dmax = dmax

    def forward(self, x, finetune=False):
        """Normalizes the input.

        Args:
            x (~chainer.Variable or array): the input ``(N, *size, ...)``.
            finetune (bool): accumulate the cumulative average of the batch
                statistics instead of the decayed one (training only).

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.
        """
        gamma, beta = self._gamma_beta()
        if configuration.config.train:
            decay = self._decay(finetune)
            update_statistics = True
            if configuration.config.in_recomputing:
                # A recomputed forward must not update the statistics twice.
                if finetune:
                    self.N -= 1
                update_statistics = False
            return batch_renormalization(
                x,
                gamma,
                beta,
                self.rmax,
                self.dmax,
                self.eps,
                self.avg_mean,
                self.avg_var,
                decay,
                update_statistics=update_statistics,
            )
        return fixed_batch_normalization(x, gamma, beta, self.avg_mean, self.avg_var, self.eps)
