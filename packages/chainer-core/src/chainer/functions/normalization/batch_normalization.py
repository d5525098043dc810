"""batch_normalization and fixed_batch_normalization.

Each computation a backend may replace is its own FunctionNode:
:class:`BatchNormalization` (training forward, with the running-statistics
update), :class:`BatchNormalizationGrad` (its data, scale and shift gradients
in one pass), :class:`FixedBatchNormalization` (inference forward) and
:class:`FixedBatchNormalizationGrad`. The Grad nodes have their own backward,
written with differentiable functions, so higher derivatives work.
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.normalization import _common


class BatchNormalization(FunctionNode):
    """``gamma * (x - mean) / sqrt(var + eps) + beta`` with the batch's statistics.

    The statistics are taken over ``axis`` (axis 0 and the axes after gamma's
    when None); gamma and beta span the other axes, in order.

    Args:
        eps (float): added to the variance.
        mean, var (arrays or None): the running mean and variance, updated in
            place: ``running = decay * running + (1 - decay) * batch_stat``,
            the variance with Bessel's correction ``m / (m - 1)`` where ``m``
            is the number of elements per statistic. None: not tracked.
        decay (float): the decay of the running averages.
        axis (None, int or tuple of ints): the reduced axes.

    After the forward, ``self.axis`` and ``self.key_axis`` hold the reduced and
    the kept axes (sorted, non-negative), and ``self.mean`` and ``self.inv_std``
    the batch mean and ``1 / sqrt(var + eps)`` with gamma's shape, in the
    compute dtype (the promoted dtype of x and gamma, float32 for float16);
    :class:`BatchNormalizationGrad` uses them. A registered kernel calls
    :meth:`prepare` first and :meth:`update_running_statistics` with its batch
    statistics, and sets ``mean`` and ``inv_std``.
    """

    mean = None
    inv_std = None

    def __init__(self, eps=2e-5, mean=None, var=None, decay=0.9, axis=None):
        func = "batch_normalization"
        self.eps = _common.real(func, "eps", eps)
        self.decay = _common.real(func, "decay", decay)
        if (mean is None) != (var is None):
            raise ValueError(
                f"{func}: running_mean and running_var must be given together "
                "(both arrays or both None)"
            )
        self.running_mean = mean
        self.running_var = var
        self._axis_arg = _common.axis_arg(func, axis)
        self.axis = None
        self.key_axis = None

    @property
    def label(self):
        return "BatchNormalization"

    def check_type_forward(self, in_types):
        _common.check_bn_types(in_types, self._axis_arg, ("x", "gamma", "beta"))

    def prepare(self, x, gamma):
        """Resolves ``axis`` and ``key_axis`` for these inputs and checks the running statistics.

        Args:
            x, gamma (arrays): the input and the scale.
        """
        func = "batch_normalization"
        if self._axis_arg is not None:
            _common.resolve_axes(func, self._axis_arg, x.ndim)
        self.axis, self.key_axis = _common.bn_axes(self._axis_arg, x.ndim, gamma.ndim)
        _common.check_running(func, "running_mean", self.running_mean, x, gamma.shape)
        _common.check_running(func, "running_var", self.running_var, x, gamma.shape)
        _common.warn_single_element(func, x.shape, self.axis)

    def update_running_statistics(self, mean, var, m):
        """Folds a batch's statistics into the running ones (when tracked), in place.

        Args:
            mean, var (arrays): the batch mean and biased variance, gamma's shape.
            m (int): the number of elements each statistic is taken over; the
                variance is scaled by ``m / (m - 1)``.
        """
        if self.running_mean is None:
            return
        adjust = m / max(m - 1.0, 1.0)  # unbiased estimate of the variance
        _common.update_running(self.running_mean, mean, self.decay)
        _common.update_running(self.running_var, var * adjust, self.decay)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gamma, beta = inputs
        self.prepare(x, gamma)

        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)
        y, mean, var, inv_std = _common.centered_and_inv_std(x, self.axis, self.eps, dtype)
        y *= (gamma.reshape(pshape) * inv_std).astype(dtype, copy=False)
        y += beta.reshape(pshape)
        self.mean = mean.reshape(gamma.shape)
        self.inv_std = inv_std.reshape(gamma.shape)

        self.update_running_statistics(
            self.mean, var.reshape(gamma.shape), _common.reduced_size(x.shape, self.axis)
        )
        return (y.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, gamma = self.get_retained_inputs()
        grad = BatchNormalizationGrad(self.eps, self.axis, self.key_axis, self.mean, self.inv_std)
        return grad.apply((x, gamma, grad_outputs[0]))


class BatchNormalizationGrad(FunctionNode):
    """The gradients ``(gx, ggamma, gbeta)`` of :class:`BatchNormalization` from ``(x, gamma, gy)``.

    ``gx = gamma s (gy - mean(gy) - x_hat mean(gy x_hat))``, ``ggamma =
    sum(gy x_hat)`` and ``gbeta = sum(gy)`` over the reduced axes, with ``s =
    1 / sqrt(var + eps)`` and ``x_hat = (x - mean) s`` from the forward's
    statistics.

    Args:
        eps (float): the forward's epsilon.
        axis, key_axis (tuple of int): the reduced and the kept axes.
        mean, inv_std (arrays): the forward's batch statistics (gamma's shape).
    """

    def __init__(self, eps, axis, key_axis, mean, inv_std):
        self.eps = eps
        self.axis = axis
        self.key_axis = key_axis
        self.mean = mean
        self.inv_std = inv_std

    @property
    def label(self):
        return "BatchNormalizationGrad"

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        self.retain_outputs((1, 2))
        x, gamma, gy = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)
        inv_std = self.inv_std.reshape(pshape)
        inv_m = dtype.type(1.0 / _common.reduced_size(x.shape, self.axis))

        work = xp.subtract(x, self.mean.reshape(pshape), dtype=dtype)
        work *= inv_std  # x_hat
        gbeta = gy.sum(axis=self.axis, dtype=dtype, keepdims=True)
        ggamma = xp.multiply(gy, work, dtype=dtype).sum(axis=self.axis, keepdims=True)
        work *= ggamma
        work += gbeta
        work *= -inv_m
        work += gy
        work *= (gamma.reshape(pshape) * inv_std).astype(dtype, copy=False)
        return (
            work.astype(x.dtype, copy=False),
            ggamma.reshape(gamma.shape).astype(gamma.dtype, copy=False),
            gbeta.reshape(gamma.shape).astype(gamma.dtype, copy=False),
        )

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, gamma, gy = self.get_retained_inputs()
        ggamma, gbeta = self.get_retained_outputs()
        ggx, gggamma, ggbeta = grad_outputs
        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)

        def per_channel(v):
            return None if v is None else F.reshape(_common.cast(v, dtype), pshape)

        gx2, ggamma2, ggy2 = _common.normalization_grad_grad(
            _common.cast(x, dtype),
            per_channel(gamma),
            _common.cast(gy, dtype),
            per_channel(ggamma),
            per_channel(gbeta),
            _common.cast(ggx, dtype),
            per_channel(gggamma),
            per_channel(ggbeta),
            self.axis,
            self.eps,
        )
        if ggamma2 is not None:
            ggamma2 = _common.cast(F.reshape(ggamma2, gamma.shape), gamma.dtype)
        return _common.cast(gx2, x.dtype), ggamma2, _common.cast(ggy2, gy.dtype)


class FixedBatchNormalization(FunctionNode):
    """``gamma * (x - mean) / sqrt(var + eps) + beta`` with given statistics.

    Args:
        eps (float): added to the variance.
        axis (None, int or tuple of ints): the axes the statistics were taken
            over (axis 0 and the axes after gamma's when None).

    After the forward, ``self.inv_std`` holds ``1 / sqrt(var + eps)`` in the
    compute dtype (a kernel may leave it None; the gradient recomputes it).
    """

    inv_std = None

    def __init__(self, eps=2e-5, axis=None):
        func = "fixed_batch_normalization"
        self.eps = _common.real(func, "eps", eps)
        self._axis_arg = _common.axis_arg(func, axis)
        self.axis = None
        self.key_axis = None

    @property
    def label(self):
        return "FixedBatchNormalization"

    def check_type_forward(self, in_types):
        _common.check_bn_types(in_types, self._axis_arg, ("x", "gamma", "beta", "mean", "var"))

    def prepare(self, x, gamma):
        """Resolves ``axis`` and ``key_axis`` for these inputs (kernels call it too)."""
        if self._axis_arg is not None:
            _common.resolve_axes("fixed_batch_normalization", self._axis_arg, x.ndim)
        self.axis, self.key_axis = _common.bn_axes(self._axis_arg, x.ndim, gamma.ndim)

    def forward(self, inputs):
        self.retain_inputs((0, 1, 3, 4))
        x, gamma, beta, mean, var = inputs
        xp = chainer.backend.get_array_module(x)
        self.prepare(x, gamma)
        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)

        self.inv_std = xp.reciprocal(xp.sqrt(xp.add(var, dtype.type(self.eps), dtype=dtype)))
        y = xp.subtract(x, mean.reshape(pshape), dtype=dtype)
        y *= (gamma * self.inv_std).reshape(pshape)
        y += beta.reshape(pshape)
        return (y.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, gamma, mean, var = self.get_retained_inputs()
        grad = FixedBatchNormalizationGrad(self.eps, self.axis, self.key_axis, self.inv_std)
        return grad.apply((x, gamma, mean, var, grad_outputs[0]))


class FixedBatchNormalizationGrad(FunctionNode):
    """The gradients of :class:`FixedBatchNormalization` from ``(x, gamma, mean, var, gy)``.

    Outputs ``(gx, ggamma, gbeta, gmean, gvar)``: with ``s = 1 / sqrt(var +
    eps)`` and ``x_hat = (x - mean) s``, ``gx = gamma s gy``, ``ggamma =
    sum(gy x_hat)``, ``gbeta = sum(gy)``, ``gmean = -gamma s gbeta`` and
    ``gvar = -gamma s^2 ggamma / 2``.
    """

    def __init__(self, eps, axis, key_axis, inv_std=None):
        self.eps = eps
        self.axis = axis
        self.key_axis = key_axis
        self.inv_std = inv_std

    @property
    def label(self):
        return "FixedBatchNormalizationGrad"

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3, 4))
        x, gamma, mean, var, gy = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)
        inv_std = self.inv_std
        if inv_std is None:
            inv_std = xp.reciprocal(xp.sqrt(xp.add(var, dtype.type(self.eps), dtype=dtype)))
        scale = (gamma * inv_std).astype(dtype, copy=False)

        gx = xp.multiply(gy, scale.reshape(pshape), dtype=dtype)
        xhat = xp.subtract(x, mean.reshape(pshape), dtype=dtype)
        xhat *= inv_std.reshape(pshape)
        xhat *= gy
        ggamma = xhat.sum(axis=self.axis)
        gbeta = gy.sum(axis=self.axis, dtype=dtype)
        gmean = -scale * gbeta
        gvar = scale * inv_std * ggamma * dtype.type(-0.5)
        p_dtype = gamma.dtype
        return (
            gx.astype(x.dtype, copy=False),
            ggamma.reshape(gamma.shape).astype(p_dtype, copy=False),
            gbeta.reshape(gamma.shape).astype(p_dtype, copy=False),
            gmean.reshape(gamma.shape).astype(p_dtype, copy=False),
            gvar.reshape(gamma.shape).astype(p_dtype, copy=False),
        )

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, gamma, mean, var, gy = self.get_retained_inputs()
        ggx, gggamma, ggbeta, ggmean, ggvar = grad_outputs
        dtype = _common.compute_dtype(x.dtype, gamma.dtype)
        pshape = _common.param_shape(x.shape, self.key_axis)
        axes = self.axis
        add = _common._add

        def per_channel(v):
            return None if v is None else F.reshape(_common.cast(v, dtype), pshape)

        def total(v):
            return F.sum(v, axis=axes, keepdims=True)

        x_, gy_, ggx_ = (_common.cast(v, dtype) for v in (x, gy, ggx))
        gamma_, mean_, var_ = (per_channel(v) for v in (gamma, mean, var))
        gggamma_, ggbeta_, ggmean_, ggvar_ = (
            per_channel(v) for v in (gggamma, ggbeta, ggmean, ggvar)
        )
        s = F.rsqrt(var_ + self.eps)
        xhat = (x_ - mean_) * s
        sum_gy = total(gy_)
        sum_gy_xhat = total(gy_ * xhat)
        sum_ggx_gy = None if ggx_ is None else total(ggx_ * gy_)

        # With the output gradients, the loss is
        #   L = sum(ggx gamma s gy) + a sum(gy x_hat) + b sum(gy),
        #   a = gggamma - ggvar gamma s^2 / 2,  b = ggbeta - ggmean gamma s.
        a = gggamma_
        if ggvar_ is not None:
            a = add(a, ggvar_ * gamma_ * s * s * -0.5)
        b = ggbeta_
        if ggmean_ is not None:
            b = add(b, ggmean_ * gamma_ * s * -1.0)

        ggy = None if ggx_ is None else ggx_ * (gamma_ * s)
        if a is not None:
            ggy = add(ggy, xhat * a)
        if b is not None:
            ggy = add(ggy, F.broadcast_to(b, x.shape) if ggy is None else b)

        gx2 = gmean2 = None
        if a is not None:
            gx2 = gy_ * (a * s)
            gmean2 = sum_gy * (a * s) * -1.0

        ggamma2 = None
        if sum_ggx_gy is not None:
            ggamma2 = s * sum_ggx_gy
        if ggmean_ is not None:
            ggamma2 = add(ggamma2, ggmean_ * s * sum_gy * -1.0)
        if ggvar_ is not None:
            ggamma2 = add(ggamma2, ggvar_ * s * s * sum_gy_xhat * -0.5)

        # dL/ds, then dvar = -s^3 / 2 ds.
        dl_ds = None
        if sum_ggx_gy is not None:
            dl_ds = gamma_ * sum_ggx_gy
        if ggvar_ is not None:
            dl_ds = add(dl_ds, ggvar_ * gamma_ * s * sum_gy_xhat * -1.0)
        if a is not None:
            dl_ds = add(dl_ds, a * sum_gy_xhat / s)
        if ggmean_ is not None:
            dl_ds = add(dl_ds, ggmean_ * gamma_ * sum_gy * -1.0)
        gvar2 = None if dl_ds is None else dl_ds * (s * s * s) * -0.5

        def param_grad(v):
            if v is None:
                return None
            return _common.cast(F.reshape(v, gamma.shape), gamma.dtype)

        return (
            _common.cast(gx2, x.dtype),
            param_grad(ggamma2),
            param_grad(gmean2),
            param_grad(gvar2),
            _common.cast(ggy, gy.dtype),
        )


def batch_normalization(x, gamma, beta, **kwargs):
    """Batch normalization: normalizes ``x`` with the batch's statistics, then scales and shifts.

    ``y = gamma * (x - mean) / sqrt(var + eps) + beta``, where ``mean`` and
    the biased ``var`` are taken over ``axis`` (by default axis 0 and the axes
    after gamma's, e.g. ``(0, 2, 3)`` for images ``(N, C, H, W)`` and a
    ``(C,)`` gamma) and gamma and beta span the remaining axes in order.

    Args:
        x (Variable or array): the input, floating point.
        gamma (Variable or array): the scale; its shape is ``x``'s shape at
            the axes not reduced. Floating point (may differ from ``x``'s
            dtype, e.g. float32 parameters for a float16 input).
        beta (Variable or array): the shift, of gamma's shape and dtype.
        eps (float): added to the variance (keyword only; default ``2e-5``).
        running_mean (array or None): the running mean, updated in place to
            ``decay * running_mean + (1 - decay) * mean`` (keyword only).
        running_var (array or None): the running variance, updated in place
            to ``decay * running_var + (1 - decay) * m / (m - 1) * var``, with
            ``m`` the number of elements each statistic is taken over; given
            together with ``running_mean`` (keyword only).
        decay (float): the decay of the running averages (keyword only;
            default ``0.9``).
        axis (None, int or tuple of ints): the reduced axes, in any order,
            negative values counting from the end (keyword only).

    Returns:
        Variable: the output, of ``x``'s shape and dtype. Float16 inputs are
        normalized in float32.

    Raises:
        ValueError: for ``train=`` (use ``chainer.using_config('train', ...)``).
        TypeError: for other unknown keyword arguments.
    """
    eps, running_mean, running_var, decay, axis = _common.parse_kwargs(
        "batch_normalization",
        kwargs,
        {"eps": 2e-5, "running_mean": None, "running_var": None, "decay": 0.9, "axis": None},
        train_removed=True,
    )
    node = BatchNormalization(eps, running_mean, running_var, decay, axis)
    return node.apply((x, gamma, beta))[0]


def fixed_batch_normalization(x, gamma, beta, mean, var, eps=2e-5, axis=None):
    """Batch normalization with given statistics (inference mode).

    ``y = gamma * (x - mean) / sqrt(var + eps) + beta``.

    Args:
        x (Variable or array): the input, floating point.
        gamma (Variable or array): the scale; its shape is ``x``'s shape at
            the axes not in ``axis``.
        beta (Variable or array): the shift, of gamma's shape and dtype.
        mean (Variable or array): the mean, of gamma's shape and dtype.
        var (Variable or array): the variance, of gamma's shape and dtype.
        eps (float): added to the variance.
        axis (None, int or tuple of ints): the axes the statistics cover (by
            default axis 0 and the axes after gamma's).

    Returns:
        Variable: the output, of ``x``'s shape and dtype.
    """
    return FixedBatchNormalization(eps, axis).apply((x, gamma, beta, mean, var))[0]
