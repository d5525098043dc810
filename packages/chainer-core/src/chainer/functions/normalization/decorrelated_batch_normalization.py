"""decorrelated_batch_normalization and fixed_decorrelated_batch_normalization.

The channels are split into ``groups`` consecutive groups of ``C`` channels;
each group is centered and ZCA-whitened with the ``(C, C)`` covariance taken
over the batch and spatial axes: ``y = Sigma^(-1/2) (x - mean)`` with ``Sigma =
cov + eps I``. Internally an input ``(N, c, *spatial)`` is viewed as ``(groups,
C, m)`` with ``m = N * prod(spatial)``.

The gradient of ``Sigma^(-1/2)`` uses the eigendecomposition ``Sigma = Q
diag(lam) Q^T``: the derivative in a direction ``E`` is ``Q (K * (Q^T E Q))
Q^T`` with the divided differences ``K_ij = -1 / (s_i s_j (s_i + s_j))`` of
``lam^(-1/2)`` (``s = sqrt(lam)``), which stay finite for repeated eigenvalues;
the second derivative uses the second divided differences.
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.normalization import _common
from chainer.utils import type_check

# -- (N, c, *spatial) <-> (groups, C, m) ------------------------------------------------


def _to_groups(x, groups):
    x = x.transpose((1, 0, *range(2, x.ndim)))
    return x.reshape(groups, x.shape[0] // groups, -1)


def _from_groups(y, shape):
    xp = chainer.backend.get_array_module(y)
    y = y.reshape((shape[1], shape[0], *shape[2:]))
    return xp.ascontiguousarray(y.transpose((1, 0, *range(2, len(shape)))))


def _to_groups_var(x, groups):
    F = chainer.functions
    x = F.transpose(x, (1, 0, *range(2, x.ndim)))
    return F.reshape(x, (groups, x.shape[0] // groups, -1))


def _from_groups_var(y, shape):
    F = chainer.functions
    y = F.reshape(y, (shape[1], shape[0], *shape[2:]))
    return F.transpose(y, (1, 0, *range(2, len(shape))))


def _t(a):
    return a.transpose(0, 2, 1)


# -- the inverse square root of a symmetric matrix and its derivatives ----------------------


def _first_divided_differences(s):
    """``K_ij`` of ``lam^(-1/2)`` at ``lam_i, lam_j`` (``s = sqrt(lam)``, shape ``(g, C)``)."""
    si = s[:, :, None]
    sj = s[:, None, :]
    return -1.0 / (si * sj * (si + sj))


def _second_divided_differences(s):
    """``T_ikj`` of ``lam^(-1/2)`` at ``lam_i, lam_k, lam_j``, shape ``(g, C, C, C)``."""
    si = s[:, :, None, None]
    sk = s[:, None, :, None]
    sj = s[:, None, None, :]
    return (si + sk + sj) / (si * sk * sj * (si + sk) * (sk + sj) * (si + sj))


def _derivative(q, k, e):
    """``Q (K * (Q^T E Q)) Q^T``: the derivative of ``Sigma^(-1/2)`` along ``E`` (self-adjoint)."""
    xp = chainer.backend.get_array_module(q)
    qt = _t(q)
    return xp.matmul(xp.matmul(q, k * xp.matmul(xp.matmul(qt, e), q)), qt)


class DecorrelatedBatchNormalization(FunctionNode):
    """Group-wise ZCA whitening with the batch's statistics.

    Args:
        groups (int): the number of channel groups.
        eps (float): added to the diagonal of each covariance.
        mean (array or None): the running mean ``(groups, C)``, updated in place.
        projection (array or None): the running projection ``(groups, C, C)``,
            updated in place with ``m / (m - 1)`` times the batch's
            ``Sigma^(-1/2)`` (as Chainer v7 does).
        decay (float): the decay of the running averages.

    After the forward, ``self.mean`` ``(g, C, 1)``, ``self.sqrt_eigvals``
    ``(g, C)``, ``self.eigvectors`` and ``self.projection`` ``(g, C, C)`` hold
    the batch statistics in the compute dtype (float32 for float16).
    """

    def __init__(self, groups=16, eps=2e-5, mean=None, projection=None, decay=0.9):
        func = "decorrelated_batch_normalization"
        self.groups = _common.integer(func, "groups", groups, minimum=1)
        self.eps = _common.real(func, "eps", eps)
        self.decay = _common.real(func, "decay", decay)
        self.running_mean = mean
        self.running_projection = projection

    @property
    def label(self):
        return "DecorrelatedBatchNormalization"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        (x_type,) = in_types
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim >= 2)
        type_check.expect(x_type.shape[1] % self.groups == 0)

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        func = "decorrelated_batch_normalization"
        xp = chainer.backend.get_array_module(x)
        dtype = _common.compute_dtype(x.dtype)
        g = self.groups
        C = x.shape[1] // g
        _common.check_running(func, "running_mean", self.running_mean, x, (g, C))
        _common.check_running(func, "running_projection", self.running_projection, x, (g, C, C))

        xg = _to_groups(x, g).astype(dtype, copy=False)
        m = xg.shape[2]
        mean = xg.mean(axis=2, keepdims=True)
        xc = xg - mean
        cov = xp.matmul(xc, _t(xc))
        cov *= dtype.type(1.0 / m)
        cov += xp.eye(C, dtype=dtype) * dtype.type(self.eps)
        eigvals, q = xp.linalg.eigh(cov)
        s = xp.sqrt(eigvals)
        w = xp.matmul(q / s[:, None, :], _t(q))
        y = xp.matmul(w, xc)

        self.mean = mean
        self.sqrt_eigvals = s
        self.eigvectors = q
        self.projection = w
        if self.running_mean is not None:
            _common.update_running(self.running_mean, mean[:, :, 0], self.decay)
        if self.running_projection is not None:
            adjust = m / max(m - 1.0, 1.0)
            _common.update_running(self.running_projection, w * dtype.type(adjust), self.decay)
        return (_from_groups(y.astype(x.dtype, copy=False), x.shape),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        grad = DecorrelatedBatchNormalizationGrad(
            self.groups, self.mean, self.sqrt_eigvals, self.eigvectors, self.projection
        )
        return grad.apply((x, grad_outputs[0]))


class DecorrelatedBatchNormalizationGrad(FunctionNode):
    """The input gradient of :class:`DecorrelatedBatchNormalization`, from ``(x, gy)``.

    With ``xc = x - mean``, ``W = Sigma^(-1/2)`` and ``G = gy xc^T``:
    ``gx = center(W gy + (D + D^T) xc / m)`` where ``D = Q (K * (Q^T G Q)) Q^T``
    and ``center`` subtracts the mean over the ``m`` axis.

    Args:
        groups (int): the number of channel groups.
        mean, sqrt_eigvals, eigvectors, projection (arrays): the forward's
            statistics.
    """

    def __init__(self, groups, mean, sqrt_eigvals, eigvectors, projection):
        self.groups = groups
        self.mean = mean
        self.sqrt_eigvals = sqrt_eigvals
        self.eigvectors = eigvectors
        self.projection = projection

    @property
    def label(self):
        return "DecorrelatedBatchNormalizationGrad"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = self.mean.dtype
        xc = _to_groups(x, self.groups).astype(dtype, copy=False) - self.mean
        gyg = _to_groups(gy, self.groups).astype(dtype, copy=False)
        inv_m = dtype.type(1.0 / xc.shape[2])

        k = _first_divided_differences(self.sqrt_eigvals)
        d = _derivative(self.eigvectors, k, xp.matmul(gyg, _t(xc)))
        gxc = xp.matmul((d + _t(d)) * inv_m, xc)
        gxc += xp.matmul(self.projection, gyg)
        gxc -= gxc.mean(axis=2, keepdims=True)
        return (_from_groups(gxc.astype(x.dtype, copy=False), x.shape),)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        if ggx is None:
            return None, None
        node = _DecorrelatedBatchNormalizationGradGrad(
            self.groups, self.mean, self.sqrt_eigvals, self.eigvectors, self.projection
        )
        return node.apply((x, gy, ggx))


class _DecorrelatedBatchNormalizationGradGrad(FunctionNode):
    """The gradients ``(gx, ggy)`` of :class:`DecorrelatedBatchNormalizationGrad`.

    ``ggy`` is the forward's derivative along ``ggx``; ``gx`` needs the second
    derivative of ``Sigma^(-1/2)``. Third derivatives are not implemented.
    """

    def __init__(self, groups, mean, sqrt_eigvals, eigvectors, projection):
        self.groups = groups
        self.mean = mean
        self.sqrt_eigvals = sqrt_eigvals
        self.eigvectors = eigvectors
        self.projection = projection

    def forward(self, inputs):
        x, gy, ggx = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = self.mean.dtype
        g = self.groups
        xc = _to_groups(x, g).astype(dtype, copy=False) - self.mean
        gyg = _to_groups(gy, g).astype(dtype, copy=False)
        v = _to_groups(ggx, g).astype(dtype)
        v -= v.mean(axis=2, keepdims=True)
        inv_m = dtype.type(1.0 / xc.shape[2])
        q, w = self.eigvectors, self.projection
        qt = _t(q)
        k = _first_divided_differences(self.sqrt_eigvals)
        t = _second_divided_differences(self.sqrt_eigvals)

        # The direction of Sigma along ggx, and the derivative of W along it.
        vx = xp.matmul(v, _t(xc))
        b = (vx + _t(vx)) * inv_m
        b_eig = xp.matmul(xp.matmul(qt, b), q)
        dw = xp.matmul(xp.matmul(q, k * b_eig), qt)
        ggy = xp.matmul(dw, xc) + xp.matmul(w, v)

        g_eig = xp.matmul(xp.matmul(qt, xp.matmul(gyg, _t(xc))), q)
        d_w = xp.matmul(xp.matmul(q, k * g_eig), qt)
        d_v = _derivative(q, k, xp.matmul(gyg, _t(v)))
        h_eig = xp.einsum("gipq,giq,gip->gpq", t, g_eig, b_eig)
        h_eig += xp.einsum("gpqj,gpj,gqj->gpq", t, g_eig, b_eig)
        h = xp.matmul(xp.matmul(q, h_eig), qt)
        gx = xp.matmul((h + _t(h) + d_v + _t(d_v)) * inv_m, xc)
        gx += xp.matmul((d_w + _t(d_w)) * inv_m, v)
        gx += xp.matmul(dw, gyg)
        gx -= gx.mean(axis=2, keepdims=True)
        return (
            _from_groups(gx.astype(x.dtype, copy=False), x.shape),
            _from_groups(ggy.astype(gy.dtype, copy=False), x.shape),
        )

    def backward(self, indexes, grad_outputs):
        raise NotImplementedError(
            "decorrelated_batch_normalization: derivatives beyond the second order "
            "are not implemented"
        )


class FixedDecorrelatedBatchNormalization(FunctionNode):
    """Group-wise ``y = projection (x - mean)`` with given statistics.

    Args:
        groups (int): the number of channel groups.
    """

    def __init__(self, groups):
        self.groups = _common.integer(
            "fixed_decorrelated_batch_normalization", "groups", groups, minimum=1
        )

    @property
    def label(self):
        return "FixedDecorrelatedBatchNormalization"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x", "mean", "projection"))
        x_type, mean_type, proj_type = in_types
        type_check.expect(
            x_type.dtype.kind == "f",
            mean_type.dtype == x_type.dtype,
            proj_type.dtype == x_type.dtype,
            x_type.ndim >= 2,
            mean_type.ndim == 2,
            proj_type.ndim == 3,
        )
        type_check.expect(x_type.shape[1] % self.groups == 0)
        C = type_check.eval(x_type.shape[1]) // self.groups
        type_check.expect(
            mean_type.shape[0] == self.groups,
            mean_type.shape[1] == C,
            proj_type.shape[0] == self.groups,
            proj_type.shape[1] == C,
            proj_type.shape[2] == C,
        )

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        x, mean, projection = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = _common.compute_dtype(x.dtype)
        xc = _to_groups(x, self.groups).astype(dtype) - mean[:, :, None]
        y = xp.matmul(projection.astype(dtype, copy=False), xc)
        return (_from_groups(y.astype(x.dtype, copy=False), x.shape),)

    def backward(self, indexes, grad_outputs):
        x, mean, projection = self.get_retained_inputs()
        grad = FixedDecorrelatedBatchNormalizationGrad(self.groups)
        return grad.apply((x, mean, projection, grad_outputs[0]))


class FixedDecorrelatedBatchNormalizationGrad(FunctionNode):
    """The gradients ``(gx, gmean, gprojection)`` of :class:`FixedDecorrelatedBatchNormalization`.

    From ``(x, mean, projection, gy)``: ``gx = projection^T gy``, ``gmean =
    -sum_m(projection^T gy)`` and ``gprojection = gy (x - mean)^T`` (group-wise).
    """

    def __init__(self, groups):
        self.groups = groups

    @property
    def label(self):
        return "FixedDecorrelatedBatchNormalizationGrad"

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3))
        x, mean, projection, gy = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = _common.compute_dtype(x.dtype)
        xc = _to_groups(x, self.groups).astype(dtype) - mean[:, :, None]
        gyg = _to_groups(gy, self.groups).astype(dtype, copy=False)
        gxg = xp.matmul(_t(projection.astype(dtype, copy=False)), gyg)
        gmean = -gxg.sum(axis=2)
        gprojection = xp.matmul(gyg, _t(xc))
        return (
            _from_groups(gxg.astype(x.dtype, copy=False), x.shape),
            gmean.astype(mean.dtype, copy=False),
            gprojection.astype(projection.dtype, copy=False),
        )

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x, mean, projection, gy = self.get_retained_inputs()
        ggx, ggmean, ggprojection = grad_outputs
        dtype = _common.compute_dtype(x.dtype)
        g = self.groups

        def c(v):
            return _common.cast(v, dtype)

        xc = _to_groups_var(c(x), g) - F.expand_dims(c(mean), 2)
        gyg = _to_groups_var(c(gy), g)
        proj = c(projection)

        # The loss is <proj w, gy> + <ggprojection, gy xc^T> with w = ggx - ggmean.
        w = None if ggx is None else _to_groups_var(c(ggx), g)
        if ggmean is not None:
            shift = F.expand_dims(c(ggmean), 2)
            w = -F.broadcast_to(shift, xc.shape) if w is None else w - shift
        ggy = gproj = gx = gmean = None
        if w is not None:
            ggy = F.matmul(proj, w)
            gproj = F.matmul(gyg, w, transb=True)
        if ggprojection is not None:
            ggp = c(ggprojection)
            ggy = _common._add(ggy, F.matmul(ggp, xc))
            gxc = F.matmul(ggp, gyg, transa=True)
            gx = _from_groups_var(gxc, x.shape)
            gmean = -F.sum(gxc, axis=2)
        if ggy is not None:
            ggy = _from_groups_var(ggy, x.shape)
        return (
            _common.cast(gx, x.dtype),
            _common.cast(gmean, mean.dtype),
            _common.cast(gproj, projection.dtype),
            _common.cast(ggy, gy.dtype),
        )


def decorrelated_batch_normalization(x, **kwargs):
    """Decorrelated batch normalization: group-wise ZCA whitening with the batch's statistics.

    The ``c`` channels are split into ``groups`` consecutive groups of ``C =
    c / groups`` channels. For each group, with the mean and the ``(C, C)``
    covariance ``cov`` over the batch and spatial axes,
    ``y = (cov + eps I)^(-1/2) (x - mean)``: the output is centered and its
    channels are decorrelated within each group.

    Args:
        x (Variable or array): the input ``(N, c, *spatial)``, floating point,
            ``c`` divisible by ``groups``.
        groups (int): the number of channel groups (keyword only; default 16).
        eps (float): added to the covariances' diagonals (keyword only;
            default ``2e-5``).
        running_mean (array or None): the running mean ``(groups, C)``, updated
            in place to ``decay * running_mean + (1 - decay) * mean``.
        running_projection (array or None): the running projection ``(groups,
            C, C)``, updated in place to ``decay * running_projection + (1 -
            decay) * m / (m - 1) * (cov + eps I)^(-1/2)`` with ``m`` the number
            of samples per statistic.
        decay (float): the decay of the running averages (default ``0.9``).

    Returns:
        Variable: the output, of ``x``'s shape and dtype (float16 inputs are
        whitened in float32).
    """
    groups, eps, running_mean, running_projection, decay = _common.parse_kwargs(
        "decorrelated_batch_normalization",
        kwargs,
        {
            "groups": 16,
            "eps": 2e-5,
            "running_mean": None,
            "running_projection": None,
            "decay": 0.9,
        },
    )
    node = DecorrelatedBatchNormalization(groups, eps, running_mean, running_projection, decay)
    return node.apply((x,))[0]


def fixed_decorrelated_batch_normalization(x, mean, projection, groups=16):
    """Decorrelated batch normalization with given statistics (inference mode).

    For each of the ``groups`` channel groups, ``y = projection (x - mean)``.

    Args:
        x (Variable or array): the input ``(N, c, *spatial)``, floating point.
        mean (Variable or array): the means ``(groups, C)`` with ``C = c / groups``,
            of ``x``'s dtype.
        projection (Variable or array): the projections ``(groups, C, C)``, of
            ``x``'s dtype.
        groups (int): the number of channel groups.

    Returns:
        Variable: the output, of ``x``'s shape and dtype.
    """
    node = FixedDecorrelatedBatchNormalization(groups)
    return node.apply((x, mean, projection))[0]
