"""DecorrelatedBatchNormalization: group-wise whitening with running statistics."""

from __future__ import annotations

import numbers

import numpy

from chainer import configuration, link
from chainer.functions.normalization.decorrelated_batch_normalization import (
    decorrelated_batch_normalization,
    fixed_decorrelated_batch_normalization,
)
from chainer.links.normalization import _util

__all__ = ["DecorrelatedBatchNormalization"]


class DecorrelatedBatchNormalization(link.Link):
    """Decorrelated batch normalization layer.

    The ``size`` channels are split into ``groups`` groups of ``size //
    groups``; in training each group is whitened (ZCA) with the batch's mean
    and covariance, and the running mean and projection are updated; with
    ``finetune=True`` they become the cumulative average since
    :meth:`start_finetuning`. In test mode the running statistics are used
    (:func:`~chainer.functions.fixed_decorrelated_batch_normalization`).

    Args:
        size (int): the number of channels.
        groups (int): the number of channel groups (a divisor of ``size``).
        decay (float): the decay of the running averages.
        eps (float): added to the covariances' diagonals.
        dtype: the dtype of the statistics.

    Attributes:
        avg_mean (array): the running means ``(groups, size // groups)`` (persistent).
        avg_projection (array): the running projections ``(groups, C, C)``,
            identity at first (persistent).
        N (int): the number of batches seen in fine-tuning (persistent).
        groups (int): the number of groups.
        decay (float): the decay of the running averages.
        eps (float): added to the covariances' diagonals.

    Raises:
        ValueError: when ``size`` is not divisible by ``groups``.

    .. seealso:: :func:`~chainer.functions.decorrelated_batch_normalization`
    """

    def __init__(self, size, groups=16, decay=0.9, eps=2e-5, dtype=numpy.float32):
        super().__init__()
        for name, value in (("size", size), ("groups", groups)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(
                    f"DecorrelatedBatchNormalization: {name} must be a positive int, not {value!r}"
                )
        if size % groups:
            raise ValueError(
                f"DecorrelatedBatchNormalization: size {size} is not divisible by groups {groups}"
            )
        channels = size // groups
        self.avg_mean = numpy.zeros((groups, channels), dtype=dtype)
        self.register_persistent("avg_mean")
        projection = numpy.zeros((groups, channels, channels), dtype=dtype)
        projection[:, numpy.arange(channels), numpy.arange(channels)] = 1
        self.avg_projection = projection
        self.register_persistent("avg_projection")
        self.N = 0
        self.register_persistent("N")
        self.decay = decay
        self.eps = eps
        self.groups = groups

    def forward(self, x, **kwargs):
        """forward(self, x, *, finetune=False)

        Whitens the input.

        Args:
            x (~chainer.Variable or array): the input ``(N, size, ...)``,
                floating point.
            finetune (bool): run in fine-tuning mode (training only).

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.
        """
        finetune = _util.parse_finetune("DecorrelatedBatchNormalization", kwargs)
        if configuration.config.train:
            if finetune:
                self.N += 1
                decay = 1.0 - 1.0 / self.N
            else:
                decay = self.decay
            avg_mean, avg_projection = self.avg_mean, self.avg_projection
            if configuration.config.in_recomputing:
                # A recomputed forward must not update the statistics twice.
                if finetune:
                    self.N -= 1
                avg_mean = avg_projection = None
            return decorrelated_batch_normalization(
                x,
                groups=self.groups,
                eps=self.eps,
                running_mean=avg_mean,
                running_projection=avg_projection,
                decay=decay,
            )
        return fixed_decorrelated_batch_normalization(
            x, self.avg_mean, self.avg_projection, groups=self.groups
        )

    def start_finetuning(self):
        """Resets the batch count ``N``, so that fine-tuning starts a new cumulative average."""
        self.N = 0
