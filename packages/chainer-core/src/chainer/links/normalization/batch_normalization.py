"""BatchNormalization: batch normalization with running statistics."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import configuration, initializers, link, serializer
from chainer.functions.normalization.batch_normalization import (
    batch_normalization,
    fixed_batch_normalization,
)
from chainer.links.normalization import _util
from chainer.parameter import Parameter

__all__ = ["BatchNormalization"]


def _shape_of(size):
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        return (int(size),)
    if isinstance(size, (tuple, list)) and all(
        isinstance(d, numbers.Integral) and not isinstance(d, bool) for d in size
    ):
        return tuple(int(d) for d in size)
    raise TypeError(f"size must be an int, a tuple of ints or None, not {size!r}")


def _axis_of(axis):
    if axis is None:
        return None
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, (tuple, list)) and all(
        isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axis
    ):
        return tuple(int(a) for a in axis)
    raise TypeError(f"axis must be an int, a tuple of ints or None, not {axis!r}")


class BatchNormalization(link.Link):
    """Batch normalization layer on the outputs of linear or convolution layers.

    It runs in three modes:

    * training (``chainer.config.train`` True): the input is normalized with
      the batch's mean and variance, and the running averages ``avg_mean`` /
      ``avg_var`` are updated with ``decay``;
    * fine-tuning (training with ``finetune=True``): the same, but the
      running averages become the cumulative average of the batch statistics
      seen since :meth:`start_finetuning` (batch ``N`` weighs ``1 / N``),
      which gives exact population statistics after one pass over the data;
    * testing (``chainer.config.train`` False): the input is normalized with
      ``avg_mean`` and ``avg_var``
      (:func:`~chainer.functions.fixed_batch_normalization`).

    Args:
        size (int, tuple of ints or None): the shape of the statistics and of
            ``gamma`` / ``beta`` (the channel axes). None defers it to the
            first forward, where it is the input's shape at the axes not in
            ``axis`` (``axis`` is then required).
        decay (float): the decay of the running averages.
        eps (float): added to the variance.
        dtype: the dtype of the parameters and statistics (the default dtype
            when None; float32 under ``mixed16``).
        use_gamma (bool): learn a scale (else 1).
        use_beta (bool): learn a shift (else 0).
        initial_gamma: the initializer of ``gamma`` (1 when None).
        initial_beta: the initializer of ``beta`` (0 when None).
        axis (int, tuple of ints or None): the axes the statistics are taken
            over (by default axis 0 and the axes after ``size``'s, e.g.
            ``(0, 2, 3)`` for ``(N, C, H, W)`` images and ``size=C``).
        initial_avg_mean: the initializer of ``avg_mean`` (0 when None).
        initial_avg_var: the initializer of ``avg_var`` (1 when None).

    Attributes:
        gamma (~chainer.Parameter or None): the scale.
        beta (~chainer.Parameter or None): the shift.
        avg_mean (array or None): the running mean (persistent).
        avg_var (array or None): the running variance (persistent).
        N (int): the number of batches seen in fine-tuning (persistent).
        decay (float): the decay of the running averages.
        eps (float): added to the variance.
        axis (tuple of ints or None): the reduced axes.

    Raises:
        RuntimeError: when neither ``size`` nor ``axis`` is given.

    .. seealso::
       :func:`~chainer.functions.batch_normalization`,
       :func:`~chainer.functions.fixed_batch_normalization`
    """

    gamma = None
    beta = None
    avg_mean = None
    avg_var = None

    def __init__(
        self,
        size=None,
        decay=0.9,
        eps=2e-5,
        dtype=None,
        use_gamma=True,
        use_beta=True,
        initial_gamma=None,
        initial_beta=None,
        axis=None,
        initial_avg_mean=None,
        initial_avg_var=None,
    ):
        super().__init__()
        if size is None and axis is None:
            raise RuntimeError(
                "BatchNormalization: size or axis is required (size=None defers the "
                "statistics' shape to the first forward, which needs axis)"
            )
        shape = None if size is None else _shape_of(size)
        self._initial_avg_mean = initial_avg_mean
        self._initial_avg_var = initial_avg_var
        self.N = 0
        self.register_persistent("N")
        self.decay = decay
        self.eps = eps
        self.axis = _axis_of(axis)
        self._highprec_dtype = chainer.get_dtype(dtype, map_mixed16=numpy.float32)

        with self.init_scope():
            if use_gamma:
                self.gamma = Parameter(
                    _util.initializer_with_dtype(initial_gamma, 1, self._highprec_dtype)
                )
            if use_beta:
                self.beta = Parameter(
                    _util.initializer_with_dtype(initial_beta, 0, self._highprec_dtype)
                )

        if shape is not None:
            self._initialize_params(shape)

    def _init_array(self, init, default, shape):
        init = initializers._get_initializer(default if init is None else init)
        return initializers.generate_array(
            init, shape, self.xp, dtype=self._highprec_dtype, device=self.device
        )

    def _initialize_params(self, shape):
        self.avg_mean = self._init_array(self._initial_avg_mean, 0, shape)
        self._initial_avg_mean = None
        self.register_persistent("avg_mean")
        self.avg_var = self._init_array(self._initial_avg_var, 1, shape)
        self._initial_avg_var = None
        self.register_persistent("avg_var")
        # A parameter already loaded by a deserializer keeps its values.
        if self.gamma is not None and self.gamma.array is None:
            self.gamma.initialize(shape)
        if self.beta is not None and self.beta.array is None:
            self.beta.initialize(shape)

    @property
    def printable_specs(self):
        """Yields ``(name, value)`` pairs shown by ``str(link)``."""
        size = None if self.avg_mean is None else tuple(self.avg_mean.shape)
        yield "size", size
        yield "decay", self.decay
        yield "eps", self.eps
        yield "dtype", self._highprec_dtype
        yield "use_gamma", self.gamma is not None
        yield "use_beta", self.beta is not None
        yield "axis", self.axis

    def _lazy_shape(self, x):
        ndim = x.ndim
        axes = set()
        for a in self.axis:
            if not -ndim <= a < ndim:
                raise ValueError(
                    f"BatchNormalization: axis {a} is out of range for an input of "
                    f"{ndim} dimensions (shape {tuple(x.shape)})"
                )
            axes.add(a % ndim)
        return tuple(d for i, d in enumerate(x.shape) if i not in axes)

    def _gamma_beta(self):
        gamma = self.gamma
        beta = self.beta
        shape = self.avg_mean.shape
        with chainer.using_device(self.device):
            if gamma is None:
                gamma = self.xp.ones(shape, dtype=self._highprec_dtype)
            if beta is None:
                beta = self.xp.zeros(shape, dtype=self._highprec_dtype)
        return gamma, beta

    def _decay(self, finetune):
        if finetune:
            self.N += 1
            return 1.0 - 1.0 / self.N
        return self.decay

    def forward(self, x, **kwargs):
        """forward(self, x, *, finetune=False)

        Normalizes the input.

        In training mode the batch statistics normalize ``x`` and update the
        running averages (the cumulative average with ``finetune=True``); in
        test mode the running averages normalize ``x``. When the forward is
        recomputed (``chainer.config.in_recomputing``, e.g. by
        :func:`~chainer.functions.forget`), the statistics are not updated
        again.

        Args:
            x (~chainer.Variable or array): the input, floating point; its
                shape at the non-reduced axes is ``avg_mean.shape``.
            finetune (bool): run in fine-tuning mode (training only).

        Returns:
            ~chainer.Variable: the output, of ``x``'s shape and dtype.

        Raises:
            ValueError: for ``test=`` (use ``chainer.using_config('train', False)``).
        """
        finetune = _util.parse_finetune("BatchNormalization", kwargs)
        if self.avg_mean is None:
            self._initialize_params(self._lazy_shape(x))
        gamma, beta = self._gamma_beta()

        if configuration.config.train:
            decay = self._decay(finetune)
            avg_mean, avg_var = self.avg_mean, self.avg_var
            if configuration.config.in_recomputing:
                # A recomputed forward must not update the statistics twice.
                if finetune:
                    self.N -= 1
                avg_mean = avg_var = None
            return batch_normalization(
                x,
                gamma,
                beta,
                eps=self.eps,
                running_mean=avg_mean,
                running_var=avg_var,
                decay=decay,
                axis=self.axis,
            )
        return fixed_batch_normalization(
            x, gamma, beta, self.avg_mean, self.avg_var, self.eps, axis=self.axis
        )

    def start_finetuning(self):
        """Resets the batch count ``N``, so that fine-tuning starts a new cumulative average.

        It is not needed before the first fine-tuning.
        """
        self.N = 0

    def serialize(self, serializer_):
        """Saves or loads the parameters and the statistics.

        A link whose shape is still undetermined (``size=None`` before its
        first forward) takes the statistics' shape from the loaded values
        (when the file holds them).
        """
        super().serialize(serializer_)
        if self.avg_mean is None and isinstance(serializer_, serializer.Deserializer):
            try:
                mean = serializer_("avg_mean", None)
                var = serializer_("avg_var", None)
            except KeyError:  # saved before its shape was known: nothing to load
                return
            if mean is not None and var is not None:
                dtype = self._highprec_dtype
                self.avg_mean = self.device.send(mean).astype(dtype, copy=False)
                self.register_persistent("avg_mean")
                self.avg_var = self.device.send(var).astype(dtype, copy=False)
                self.register_persistent("avg_var")
                self._initial_avg_mean = self._initial_avg_var = None
