"""gaussian: a reparameterized sample of N(mean, exp(ln_var))."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.noise.dropout import given_array, parse_kwargs
from chainer.utils import type_check


class Gaussian(FunctionNode):
    """``mean + exp(ln_var / 2) * eps`` with standard normal ``eps``.

    Attributes:
        eps (array): the standard normal noise, of ``mean``'s shape and dtype
            (drawn by the forward pass when not given).
    """

    def __init__(self, eps=None):
        self.eps = eps

    @property
    def label(self):
        return "Gaussian"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("mean", "ln_var"))
        mean_type, ln_var_type = in_types
        type_check.expect(
            mean_type.dtype.kind == "f",
            ln_var_type.dtype == mean_type.dtype,
            ln_var_type.shape == mean_type.shape,
        )

    def forward(self, inputs):
        self.retain_inputs((1,))
        mean, ln_var = inputs
        xp = chainer.backend.get_array_module(mean)
        dtype = mean.dtype
        if self.eps is None:
            self.eps = xp.asarray(xp.random.standard_normal(mean.shape), dtype=dtype)
        else:
            eps = given_array("gaussian", "eps", self.eps, mean, (mean.shape,))
            self.eps = eps.astype(dtype, copy=False)
        noise = xp.exp(ln_var * dtype.type(0.5)) * self.eps
        return (xp.asarray(mean + noise),)

    def backward(self, indexes, grad_outputs):
        (ln_var,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(gy)
            else:
                noise = chainer.functions.exp(ln_var * 0.5) * self.eps
                ret.append(gy * noise * 0.5)
        return tuple(ret)


def gaussian(mean, ln_var, **kwargs):
    """Draws ``mean + exp(ln_var / 2) * eps``, ``eps ~ N(0, 1)`` (reparameterization).

    The sample is differentiable with respect to ``mean`` and ``ln_var``. The
    noise comes from the global generator of the inputs' array module
    (``numpy.random`` or ``cupy.random``), in training and in test mode alike.

    Args:
        mean (Variable or array): the mean, floating point.
        ln_var (Variable or array): the log of the variance, of ``mean``'s
            shape and dtype.
        eps (array, keyword only): standard normal noise to use instead of a
            fresh draw, of ``mean``'s shape.
        return_eps (bool, keyword only): also return the noise used.

    Returns:
        Variable or tuple: the sample, of ``mean``'s shape and dtype; with
        ``return_eps=True``, ``(sample, eps)``.
    """
    eps, return_eps = parse_kwargs("gaussian", kwargs, {"eps": None, "return_eps": False})
    func = Gaussian(eps)
    out = func.apply((mean, ln_var))[0]
    if return_eps:
        return out, func.eps
    return out
