"""Helpers shared by the normalization ops.

Argument checks, the dtype statistics are computed in, the standardization
``x_hat = (x - mean) / sqrt(var + eps)`` as a pair of FunctionNodes
(:class:`Standardize` and its gradient :class:`StandardizeGrad`), and
:func:`normalization_grad_grad`, the gradient of the gradient of
``y = gamma * x_hat + beta`` written with differentiable functions, which the
"Grad" nodes of batch, group and layer normalization use for double backprop.
"""

from __future__ import annotations

import numbers
import warnings

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.utils import type_check
from chainer.variable import Variable

# -- arguments -------------------------------------------------------------------------


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def integer(func, name, value, minimum=None):
    """``value`` as an int (not a bool), at least ``minimum`` when given."""
    if not _is_int(value):
        raise TypeError(f"{func}: {name} must be an int, not {type(value).__name__}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{func}: {name} must be at least {minimum}, not {value}")
    return value


def real(func, name, value):
    """``value`` as a float if it is a real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, not {type(value).__name__}")
    return float(value)


def parse_kwargs(func, kwargs, defaults, train_removed=False):
    """The values of the keyword-only options, in ``defaults``' order.

    Raises:
        ValueError: for ``train=`` when ``train_removed`` (Chainer v2 moved it
            to ``chainer.config.train``).
        TypeError: for any other name not in ``defaults``.
    """
    if train_removed and "train" in kwargs:
        raise ValueError(
            f"{func}: the train argument is not supported anymore; "
            "use chainer.using_config('train', ...) instead"
        )
    unknown = sorted(set(kwargs) - set(defaults))
    if unknown:
        raise TypeError(
            f"{func}() got unexpected keyword argument(s) {', '.join(unknown)}; "
            f"accepted keyword options: {', '.join(defaults)}"
        )
    return tuple(kwargs.get(name, value) for name, value in defaults.items())


def axis_arg(func, axis):
    """None, or ``axis`` (an int or a sequence of ints without repeats) as a tuple."""
    if axis is None:
        return None
    if _is_int(axis):
        return (int(axis),)
    if isinstance(axis, (tuple, list)) and all(_is_int(a) for a in axis):
        axis = tuple(int(a) for a in axis)
        if len(set(axis)) != len(axis):
            raise ValueError(f"{func}: axis {axis} names an axis twice")
        return axis
    raise TypeError(f"{func}: axis must be None, an int or a tuple of ints, not {axis!r}")


def check_axes_type(axes, ndim):
    """Type check: each of ``axes`` indexes a dimension of ``x``, each one once."""
    for axis in axes:
        if not -ndim <= axis < ndim:
            raise type_check.InvalidType(
                f"-x.ndim <= axis < x.ndim (axis == {axis})", f"x.ndim == {ndim}"
            )
    resolved = [a % ndim for a in axes]
    if len(set(resolved)) != len(resolved):
        raise type_check.InvalidType(
            "each axis names a different dimension of x",
            f"axis == {tuple(axes)}, x.ndim == {ndim}",
        )


def resolve_axes(func, axes, ndim):
    """``axes`` made non-negative and sorted; ValueError when out of range or repeated."""
    for axis in axes:
        if not -ndim <= axis < ndim:
            raise ValueError(
                f"{func}: axis {axis} is out of range for an input of ndim {ndim} "
                f"(expected {-ndim} <= axis < {ndim})"
            )
    resolved = tuple(sorted(a % ndim for a in axes))
    if len(set(resolved)) != len(resolved):
        raise ValueError(f"{func}: axis {tuple(axes)} names a dimension twice (ndim {ndim})")
    return resolved


def bn_axes(axis, x_ndim, gamma_ndim):
    """The reduced axes (``axis``, or axis 0 and those after gamma's) and the others.

    Returns:
        tuple: ``(axes, key_axes)``, both sorted tuples of non-negative ints.
    """
    if axis is None:
        axes = (0, *range(gamma_ndim + 1, x_ndim))
    else:
        axes = tuple(sorted(a % x_ndim for a in axis))
    key_axes = tuple(i for i in range(x_ndim) if i not in axes)
    return axes, key_axes


def check_bn_types(in_types, axis, names):
    """Type check of ``x, gamma, beta[, mean, var]`` for the batch normalizations."""
    type_check._argname(in_types, names)
    x_type, gamma_type = in_types[0], in_types[1]
    type_check.expect(x_type.dtype.kind == "f", gamma_type.dtype.kind == "f")
    for other in in_types[2:]:
        type_check.expect(other.dtype == gamma_type.dtype, other.shape == gamma_type.shape)
    x_ndim = type_check.eval(x_type.ndim)
    gamma_ndim = type_check.eval(gamma_type.ndim)
    if axis is not None:
        check_axes_type(axis, x_ndim)
    else:
        type_check.expect(x_type.ndim >= gamma_type.ndim + 1)
    _, key_axes = bn_axes(axis, x_ndim, gamma_ndim)
    type_check.expect(gamma_type.ndim == len(key_axes))
    for i, k in enumerate(key_axes):
        type_check.expect(x_type.shape[k] == gamma_type.shape[i])


def param_shape(x_shape, key_axes):
    """The shape a per-channel array takes to broadcast against ``x``."""
    return tuple(s if i in key_axes else 1 for i, s in enumerate(x_shape))


def reduced_size(x_shape, axes):
    """The number of elements each statistic is computed over."""
    m = 1
    for a in axes:
        m *= x_shape[a]
    return m


def warn_single_element(func, x_shape, axes):
    """Warns when the statistics are taken over a single element (the output is beta)."""
    if all(x_shape[a] == 1 for a in axes):
        if 0 in axes:
            warnings.warn(
                f"{func} got a batch of one sample: the statistics are taken over one "
                "element and the output is always beta. This happens when a model in "
                "training mode (chainer.config.train == True) is run on a single sample, "
                "or on the last, short batch of a non-repeating iterator.",
                UserWarning,
                stacklevel=4,
            )
        else:
            warnings.warn(
                f"{func} got an input whose axes {tuple(axes)}, the statistics are taken "
                "over, all have length one: the output is always beta.",
                UserWarning,
                stacklevel=4,
            )


def check_running(func, name, value, like, shape):
    """Checks a running statistic: an array of ``shape`` on ``like``'s backend."""
    if value is None:
        return
    if isinstance(value, Variable):
        raise TypeError(
            f"{func}: {name} must be an array (it is updated in place), not a Variable; "
            f"pass {name}.array"
        )
    if not isinstance(value, _array_types.ARRAY_TYPES):
        raise TypeError(f"{func}: {name} must be an array or None, not {type(value).__name__}")
    xp = chainer.backend.get_array_module(like)
    if chainer.backend.get_array_module(value) is not xp:
        raise TypeError(
            f"{func}: {name} is a {type(value).__module__} array but x is a "
            f"{type(like).__module__} array; move it to x's device"
        )
    if value.dtype.kind != "f":
        raise TypeError(f"{func}: {name} must be a floating-point array, not {value.dtype}")
    if tuple(value.shape) != tuple(shape):
        raise ValueError(f"{func}: {name} must have shape {tuple(shape)}, not {value.shape}")


def update_running(running, value, decay):
    """``running = decay * running + (1 - decay) * value``, in place."""
    running *= decay
    running += (1.0 - decay) * value


# -- dtypes and statistics --------------------------------------------------------------


def compute_dtype(*dtypes):
    """The dtype statistics are computed in: the promoted dtype, float32 instead of float16."""
    dtype = numpy.result_type(*dtypes)
    if dtype == numpy.float16:
        return numpy.dtype(numpy.float32)
    return dtype


def centered_and_inv_std(x, axes, eps, dtype):
    """``x - mean`` (a new array of ``dtype``), ``mean`` and ``1 / sqrt(var + eps)``.

    ``mean``, the biased variance ``var`` and the inverse standard deviation
    keep the reduced axes with length one.

    Returns:
        tuple: ``(xc, mean, var, inv_std)``.
    """
    xp = chainer.backend.get_array_module(x)
    mean = x.mean(axis=axes, dtype=dtype, keepdims=True)
    xc = xp.subtract(x, mean, dtype=dtype)
    var = xp.square(xc).mean(axis=axes, keepdims=True)
    inv_std = xp.reciprocal(xp.sqrt(var + dtype.type(eps)))
    return xc, mean, var, inv_std


def cast(v, dtype):
    """``F.cast`` that passes None through."""
    if v is None:
        return None
    return chainer.functions.cast(v, dtype)


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def standardized_variables(x, axes, eps):
    """``x_hat`` and ``1 / sqrt(var + eps)`` of the Variable ``x``, from differentiable ops."""
    F = chainer.functions
    inv_m = 1.0 / reduced_size(x.shape, axes)
    xc = x - F.sum(x, axis=axes, keepdims=True) * inv_m
    inv_std = F.rsqrt(F.sum(xc * xc, axis=axes, keepdims=True) * inv_m + eps)
    return xc * inv_std, inv_std


def normalization_grad_grad(x, gamma, gy, gsum_xhat, gsum, ggx, gggamma, ggbeta, axes, eps):
    """Gradients of the gradients of ``y = gamma * x_hat + beta``.

    The first-order gradients are ``gx = gamma s P(gy)``, ``ggamma = sum(gy x_hat)``
    and ``gbeta = sum(gy)``, with ``s = 1 / sqrt(var + eps)``, sums over ``axes``
    and ``P(v) = v - mean(v) - x_hat mean(v x_hat)``. Given their output
    gradients ``ggx``, ``gggamma`` and ``ggbeta``, this returns the gradients
    with respect to ``x``, ``gamma`` and ``gy``, built from differentiable
    functions (``x_hat`` and ``s`` are recomputed from ``x``), so that every
    higher derivative is exact too.

    Args:
        x, gy, ggx (Variable): arrays of ``x``'s shape (``ggx`` may be None).
        gamma (Variable or None): the scale, with the reduced axes kept with
            length one; None for a plain standardization (gamma = 1).
        gsum_xhat, gsum (Variable or None): ``sum(gy x_hat)`` and ``sum(gy)``
            with kept axes (computed when None).
        gggamma, ggbeta (Variable or None): with kept axes.
        axes (tuple of int): the reduced axes.
        eps (float): the epsilon of the variance.

    All Variables share one floating dtype.

    Returns:
        tuple: ``(gx, ggamma, ggy)`` (``ggamma`` with kept axes; each may be None).
    """
    F = chainer.functions
    inv_m = 1.0 / reduced_size(x.shape, axes)

    def mean(v):
        return F.sum(v, axis=axes, keepdims=True) * inv_m

    xhat, s = standardized_variables(x, axes, eps)
    if gsum_xhat is None:
        gsum_xhat = F.sum(gy * xhat, axis=axes, keepdims=True)
    if gsum is None:
        gsum = F.sum(gy, axis=axes, keepdims=True)
    u = s if gamma is None else gamma * s

    ggy = g = r_over_m = ggamma = None
    if ggx is not None:
        c = mean(ggx * xhat)
        ggy = u * (ggx - mean(ggx) - xhat * c)
        p_gy = gy - gsum * inv_m - xhat * (gsum_xhat * inv_m)
        dot = F.sum(ggx * p_gy, axis=axes, keepdims=True)
        if gamma is not None:
            ggamma = s * dot
        # r = sum(gx * ggx) = gamma s dot enters through the dependence of s on x.
        r_over_m = u * dot * inv_m
        g = gy * -(u * c) - (u * (gsum_xhat * inv_m)) * ggx
    if gggamma is not None:
        ggy = _add(ggy, xhat * gggamma)
        g = _add(g, gy * gggamma)
    if ggbeta is not None:
        ggy = _add(ggy, F.broadcast_to(ggbeta, x.shape) if ggy is None else ggbeta)

    gx = None
    if g is not None:
        inner = _add(mean(g * xhat), r_over_m)
        gx = s * (g - mean(g) - xhat * inner)
    return gx, ggamma, ggy


# -- standardization as FunctionNodes ------------------------------------------------------


class Standardize(FunctionNode):
    """``x_hat = (x - mean) / sqrt(var + eps)`` over ``axes``, in the compute dtype.

    Args:
        axes (tuple of int): the reduced axes (non-negative).
        eps (float): added to the variance.
        mean, inv_std (arrays or None): the statistics of the input, with the
            reduced axes kept, when the caller has them already; computed
            otherwise.
    """

    def __init__(self, axes, eps, mean=None, inv_std=None):
        self.axes = axes
        self.eps = eps
        self.mean = mean
        self.inv_std = inv_std

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        dtype = compute_dtype(x.dtype)
        if self.mean is None:
            xc, self.mean, _, self.inv_std = centered_and_inv_std(x, self.axes, self.eps, dtype)
        else:
            xp = chainer.backend.get_array_module(x)
            xc = xp.subtract(x, self.mean, dtype=dtype)
        xc *= self.inv_std
        return (xc,)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        grad = StandardizeGrad(self.axes, self.eps, self.mean, self.inv_std)
        return grad.apply((x, grad_outputs[0]))


class StandardizeGrad(FunctionNode):
    """The gradient of :class:`Standardize`: ``s (g - mean(g) - x_hat mean(g x_hat))``.

    Inputs ``(x, g)``; the output has ``x``'s dtype.
    """

    def __init__(self, axes, eps, mean, inv_std):
        self.axes = axes
        self.eps = eps
        self.mean = mean
        self.inv_std = inv_std

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, g = inputs
        xp = chainer.backend.get_array_module(x)
        dtype = compute_dtype(x.dtype, g.dtype)
        xhat = xp.subtract(x, self.mean, dtype=dtype)
        xhat *= self.inv_std
        g_mean = g.mean(axis=self.axes, dtype=dtype, keepdims=True)
        gx_mean = xp.multiply(g, xhat, dtype=dtype).mean(axis=self.axes, keepdims=True)
        xhat *= gx_mean
        xhat += g_mean
        gx = xp.subtract(g, xhat, dtype=dtype)
        gx *= self.inv_std
        return (gx.astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        x, g = self.get_retained_inputs()
        (ggx,) = grad_outputs
        dtype = compute_dtype(x.dtype, g.dtype)
        gx2, _, gg = normalization_grad_grad(
            cast(x, dtype),
            None,
            cast(g, dtype),
            None,
            None,
            cast(ggx, dtype),
            None,
            None,
            self.axes,
            self.eps,
        )
        return cast(gx2, x.dtype), cast(gg, g.dtype)
