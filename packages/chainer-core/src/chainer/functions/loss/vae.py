"""Losses of variational autoencoders: bernoulli_nll, gaussian_nll, gaussian_kl_divergence."""

from __future__ import annotations

import math

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.loss import _loss_args
from chainer.functions.math.exponential import exp

_REDUCE = ("sum", "no")
_LOG_2PI = math.log(2 * math.pi)


def _reduced(xp, loss, reduce, dtype):
    """``loss`` summed (accumulating float16 in float32) or as is, as an array of ``dtype``."""
    if reduce == "sum":
        loss = xp.asarray(loss.sum(dtype=_loss_args.accum_dtype(dtype)))
    return loss.astype(dtype, copy=False)


def _spread(gy, shape, reduce):
    """The output gradient broadcast to the inputs' ``shape``."""
    return broadcast_to(gy, shape) if reduce == "sum" else gy


class BernoulliNLL(FunctionNode):
    """``softplus(y) - x * y``: the negative log-likelihood of ``x`` under Bernoulli(sigmoid(y))."""

    def __init__(self, reduce="sum"):
        self.reduce = _loss_args.check_reduce("bernoulli_nll", reduce, _REDUCE)

    @property
    def label(self):
        return "BernoulliNLL"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("x", "y"))

    def forward(self, inputs):
        x, y = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(x)
        # softplus(y) = max(y, 0) + log(1 + exp(-|y|)), without overflow.
        loss = xp.maximum(y, y.dtype.type(0)) + xp.log1p(xp.exp(-xp.abs(y))) - x * y
        return (_reduced(xp, loss, self.reduce, x.dtype),)

    def backward(self, indexes, grad_outputs):
        x, y = self.get_retained_inputs()
        g = _spread(grad_outputs[0], x.shape, self.reduce)
        ret = []
        for i in indexes:
            ret.append(-y * g if i == 0 else (sigmoid(y) - x) * g)
        return tuple(ret)


class GaussianNLL(FunctionNode):
    """The negative log-likelihood of ``x`` under N(mean, exp(ln_var)), elementwise."""

    def __init__(self, reduce="sum"):
        self.reduce = _loss_args.check_reduce("gaussian_nll", reduce, _REDUCE)

    @property
    def label(self):
        return "GaussianNLL"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("x", "mean", "ln_var"))

    def forward(self, inputs):
        x, mean, ln_var = inputs
        self.retain_inputs((0, 1, 2))
        xp = chainer.backend.get_array_module(x)
        half = x.dtype.type(0.5)
        diff = x - mean
        loss = half * (ln_var + x.dtype.type(_LOG_2PI) + diff * diff * xp.exp(-ln_var))
        return (_reduced(xp, loss, self.reduce, x.dtype),)

    def backward(self, indexes, grad_outputs):
        x, mean, ln_var = self.get_retained_inputs()
        g = _spread(grad_outputs[0], x.shape, self.reduce)
        diff = x - mean
        precision = exp(-ln_var)
        ret = []
        for i in indexes:
            if i == 2:
                ret.append((0.5 - diff * diff * precision * 0.5) * g)
            else:
                gx = diff * precision * g
                ret.append(gx if i == 0 else -gx)
        return tuple(ret)


class GaussianKLDivergence(FunctionNode):
    """KL(N(mean, exp(ln_var)) || N(0, 1)), elementwise."""

    def __init__(self, reduce="sum"):
        self.reduce = _loss_args.check_reduce("gaussian_kl_divergence", reduce, _REDUCE)

    @property
    def label(self):
        return "GaussianKLDivergence"

    def check_type_forward(self, in_types):
        _loss_args.check_same_float(in_types, ("mean", "ln_var"))

    def forward(self, inputs):
        mean, ln_var = inputs
        self.retain_inputs((0, 1))
        xp = chainer.backend.get_array_module(mean)
        one = mean.dtype.type(1)
        loss = (mean * mean + xp.exp(ln_var) - ln_var - one) * mean.dtype.type(0.5)
        return (_reduced(xp, loss, self.reduce, mean.dtype),)

    def backward(self, indexes, grad_outputs):
        mean, ln_var = self.get_retained_inputs()
        g = _spread(grad_outputs[0], mean.shape, self.reduce)
        ret = []
        for i in indexes:
            ret.append(mean * g if i == 0 else (exp(ln_var) - 1.0) * g * 0.5)
        return tuple(ret)


def bernoulli_nll(x, y, reduce="sum"):
    """Negative log-likelihood of data ``x`` under Bernoulli distributions of logits ``y``.

    Elementwise ``-x log p - (1 - x) log(1 - p)`` with ``p = sigmoid(y)``,
    computed stably as ``softplus(y) - x * y``.

    Args:
        x (Variable or array): the data, floating point, usually in ``[0, 1]``.
        y (Variable or array): the logits (pre-sigmoid parameters), of ``x``'s
            shape and dtype.
        reduce (str): ``'sum'`` for the total, ``'no'`` for the elementwise loss.

    Returns:
        Variable: a 0-dim array (``'sum'``) or an array of ``x``'s shape
        (``'no'``), of ``x``'s dtype.

    Raises:
        ValueError: if ``reduce`` is neither ``'sum'`` nor ``'no'``.
    """
    return BernoulliNLL(reduce).apply((x, y))[0]


def gaussian_nll(x, mean, ln_var, reduce="sum"):
    """Negative log-likelihood of ``x`` under Gaussians of ``mean`` and log variance ``ln_var``.

    Elementwise ``(log(2 pi) + ln_var) / 2 + (x - mean) ** 2 / (2 exp(ln_var))``.

    Args:
        x (Variable or array): the data, floating point.
        mean (Variable or array): the means, of ``x``'s shape and dtype.
        ln_var (Variable or array): the logarithms of the variances, of ``x``'s
            shape and dtype.
        reduce (str): ``'sum'`` for the total, ``'no'`` for the elementwise loss.

    Returns:
        Variable: a 0-dim array (``'sum'``) or an array of ``x``'s shape
        (``'no'``), of ``x``'s dtype.

    Raises:
        ValueError: if ``reduce`` is neither ``'sum'`` nor ``'no'``.
    """
    return GaussianNLL(reduce).apply((x, mean, ln_var))[0]


def gaussian_kl_divergence(mean, ln_var, reduce="sum"):
    """KL divergence of Gaussians N(mean, exp(ln_var)) from the standard normal N(0, 1).

    Elementwise ``(mean ** 2 + exp(ln_var) - ln_var - 1) / 2``.

    Args:
        mean (Variable or array): the means, floating point.
        ln_var (Variable or array): the logarithms of the variances, of
            ``mean``'s shape and dtype.
        reduce (str): ``'sum'`` for the total, ``'no'`` for the elementwise
            divergence.

    Returns:
        Variable: a 0-dim array (``'sum'``) or an array of ``mean``'s shape
        (``'no'``), of ``mean``'s dtype.

    Raises:
        ValueError: if ``reduce`` is neither ``'sum'`` nor ``'no'``.
    """
    return GaussianKLDivergence(reduce).apply((mean, ln_var))[0]
