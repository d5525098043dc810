"""Parameter and input handling shared by the distributions.

Private helpers: they turn constructor arguments into floating-point
:class:`~chainer.Variable` parameters of one dtype, one device and one
(broadcast) shape, with errors that name the distribution and the argument,
and draw the noise of the samplers from the array module of the parameters.
"""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import backend
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.array.cast import cast


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, numpy.bool_))


def _describe(value):
    return f"{type(value).__module__}.{type(value).__name__}"


def _as_variable(owner, name, value):
    """``value`` as a Variable, or ``None`` for a Python/NumPy real number."""
    if isinstance(value, chainer.Variable):
        return value
    if isinstance(value, backend.get_array_types()):
        return chainer.as_variable(value)
    if _is_number(value):
        return None
    raise TypeError(
        f"{owner}: {name} must be a Variable or an array (numpy.ndarray or "
        f"cupy.ndarray), not {_describe(value)}"
    )


def _check_float(owner, name, var):
    if var.dtype.kind != "f":
        raise TypeError(
            f"{owner}: {name} must be a floating-point array (float16, float32 or "
            f"float64), not {var.dtype}"
        )


def _broadcast_batch(owner, shapes):
    """Broadcasts the batch shapes ``{name: shape}`` with an error naming them."""
    try:
        return tuple(numpy.broadcast_shapes(*shapes.values()))
    except ValueError:
        described = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise ValueError(
            f"{owner}: the shapes of the parameters do not broadcast together: {described}"
        ) from None


def as_params(owner, params, event_ndims=None):
    """Converts constructor arguments to Variables of one dtype, device and shape.

    Arrays become Variables that need no gradient (Variables are kept, so
    gradients flow to them); Python or NumPy real numbers become arrays of the
    dtype and on the device of the array parameters (the default dtype
    ``chainer.config.dtype`` on the CPU if all are numbers). The batch shapes
    (the shapes without the last ``event_ndims[name]`` axes) are broadcast
    together; a parameter whose shape changes is broadcast with
    :func:`~chainer.functions.broadcast_to`, so it stays differentiable.

    Args:
        owner (str): the name of the distribution, for error messages.
        params (dict): the arguments, keyed by name, in order.
        event_ndims (dict): the number of trailing (event) axes of each
            parameter that take no part in broadcasting; 0 when absent.

    Returns:
        tuple: ``(dict of Variables, batch_shape)``.

    Raises:
        TypeError: for an argument that is not a Variable, an array or a real
            number, a non-floating dtype, or parameters of different dtypes.
        ValueError: for parameters on different devices, with too few
            dimensions, or whose batch shapes do not broadcast.
    """
    event_ndims = event_ndims or {}
    variables = {name: _as_variable(owner, name, value) for name, value in params.items()}
    arrays = {name: v for name, v in variables.items() if v is not None}

    for name, var in arrays.items():
        _check_float(owner, name, var)
    dtypes = {name: var.dtype for name, var in arrays.items()}
    if len(set(dtypes.values())) > 1:
        described = ", ".join(f"{name} {dtype}" for name, dtype in dtypes.items())
        raise TypeError(f"{owner}: the parameters must have the same dtype; got {described}")
    devices = {name: backend.get_device_from_array(var.array) for name, var in arrays.items()}
    if len({str(device) for device in devices.values()}) > 1:
        described = ", ".join(f"{name} on {device}" for name, device in devices.items())
        raise ValueError(f"{owner}: the parameters must be on the same device; got {described}")

    if arrays:
        first = next(iter(arrays.values()))
        dtype, xp = first.dtype, first.xp
    else:
        dtype, xp = numpy.dtype(chainer.get_dtype()), numpy
    for name, var in variables.items():
        if var is None:
            variables[name] = chainer.as_variable(xp.asarray(params[name], dtype=dtype))

    batch_shapes = {}
    for name, var in variables.items():
        ndim = event_ndims.get(name, 0)
        if var.ndim < ndim:
            raise ValueError(
                f"{owner}: {name} must have at least {ndim} dimension(s); got the shape {var.shape}"
            )
        batch_shapes[name] = var.shape[: var.ndim - ndim]
    batch_shape = _broadcast_batch(owner, batch_shapes)
    for name, var in variables.items():
        ndim = event_ndims.get(name, 0)
        shape = batch_shape + var.shape[var.ndim - ndim :]
        if var.shape != shape:
            variables[name] = broadcast_to(var, shape)
    return variables, batch_shape


def as_input(x, dtype):
    """The points ``x`` of a probability function, in the dtype of the parameters.

    Args:
        x (~chainer.Variable, :ref:`ndarray` or number): the points.
        dtype (numpy.dtype): the dtype of the parameters.

    Returns:
        ~chainer.Variable: ``x`` (cast with :func:`~chainer.functions.cast`
        if it is a Variable of another dtype, so it stays differentiable).
    """
    if isinstance(x, chainer.Variable):
        return x if x.dtype == dtype else cast(x, dtype)
    if _is_number(x):
        return chainer.as_variable(numpy.asarray(x, dtype=dtype))
    if isinstance(x, backend.get_array_types()):
        return chainer.as_variable(x if x.dtype == dtype else x.astype(dtype))
    raise TypeError(f"x must be a Variable, an array or a number, not {_describe(x)}")


def mask(condition):
    """``condition`` as a boolean array for :func:`~chainer.functions.where`.

    Comparisons of 0-d NumPy arrays give ``numpy.bool_`` scalars; this makes
    them 0-d arrays (CuPy arrays are returned as they are).
    """
    if isinstance(condition, backend.get_array_types()):
        return condition
    return numpy.asarray(condition)


def check_n(n):
    """Checks the number of samples of ``sample_n``."""
    if isinstance(n, (bool, numpy.bool_)) or not isinstance(n, numbers.Integral):
        raise TypeError(f"sample_n: n must be an int, not {_describe(n)}")
    if n < 0:
        raise ValueError(f"sample_n: n must be non-negative; got {n}")
    return int(n)


# The samplers draw from the global generators of NumPy and CuPy
# (numpy.random / cupy.random) so that testing.fix_random and user seeding
# make them reproducible, as in Chainer v7.


def standard_normal(xp, shape, dtype):
    """Standard normal noise of ``shape`` and ``dtype`` from ``xp.random``."""
    if xp is numpy:
        return numpy.random.standard_normal(shape).astype(dtype, copy=False)  # noqa: NPY002
    return xp.random.standard_normal(shape, dtype=dtype)


def uniform(xp, shape, dtype):
    """Uniform noise in ``[0, 1)`` of ``shape``, drawn in float64 and cast to ``dtype``."""
    return xp.random.uniform(0.0, 1.0, shape).astype(dtype, copy=False)


def standard_exponential(xp, shape, dtype):
    """Exponential noise of rate 1, as ``-log1p(-u)`` computed in float64."""
    u = xp.random.uniform(0.0, 1.0, shape)
    return (-xp.log1p(-u)).astype(dtype, copy=False)


def standard_laplace(xp, shape, dtype):
    """Laplace noise of location 0 and scale 1, drawn in float64 and cast to ``dtype``."""
    return xp.random.laplace(0.0, 1.0, shape).astype(dtype, copy=False)
