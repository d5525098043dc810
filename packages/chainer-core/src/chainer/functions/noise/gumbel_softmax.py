"""gumbel_softmax: a differentiable relaxation of sampling from a categorical distribution."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer.variable import Variable


def _softmax(z, axis):
    # exp(z - c) / sum(exp(z - c)) with a constant c (the max, for stability):
    # softmax ignores constant shifts, so c needs no gradient.
    shift = z.array.max(axis=axis, keepdims=True)
    e = chainer.functions.exp(z - shift)
    return e / chainer.functions.sum(e, axis=axis, keepdims=True)


def gumbel_softmax(log_pi, tau=0.1, axis=1):
    """A Gumbel-softmax sample: ``softmax((log_pi + g) / tau)`` along ``axis``.

    ``g`` holds independent standard Gumbel noise drawn from the global
    generator of ``log_pi``'s array module (``numpy.random`` or
    ``cupy.random``). As ``tau`` goes to 0 the sample approaches the one-hot
    vector of a draw from the categorical distribution with probabilities
    ``softmax(log_pi)``; it is differentiable with respect to ``log_pi``.

    Args:
        log_pi (Variable or array): unnormalized log probabilities, floating
            point, with the categories along ``axis``.
        tau (float): the temperature, positive.
        axis (int): the axis of the categories.

    Returns:
        Variable: the sample, of ``log_pi``'s shape and dtype (for a 0-dim
        ``log_pi``, the constant 1).

    Raises:
        TypeError: for an integer ``log_pi`` or a non-integer ``axis``.
        ValueError: for ``tau <= 0`` or ``axis`` out of range.
    """
    log_pi = chainer.as_variable(log_pi)
    dtype = log_pi.dtype
    if dtype.kind != "f":
        raise TypeError(f"gumbel_softmax: log_pi must be floating point, not {dtype}")
    if isinstance(tau, bool) or not isinstance(tau, numbers.Real) or not tau > 0:
        raise ValueError(f"gumbel_softmax: tau must be a positive number, not {tau!r}")
    xp = log_pi.xp
    if log_pi.ndim == 0:
        # One category: the sample is 1 with certainty.
        return Variable(xp.ones((), dtype=dtype), requires_grad=False)
    if isinstance(axis, bool) or not isinstance(axis, (int, numpy.integer)):
        raise TypeError(f"gumbel_softmax: axis must be an int, not {axis!r}")
    if not -log_pi.ndim <= axis < log_pi.ndim:
        raise ValueError(
            f"gumbel_softmax: axis {axis} is out of range for log_pi of {log_pi.ndim} dimensions"
        )
    g = xp.asarray(xp.random.gumbel(size=log_pi.shape), dtype=dtype)
    return _softmax((log_pi + g) / tau, int(axis))
