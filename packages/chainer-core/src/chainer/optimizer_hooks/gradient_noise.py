"""Annealed Gaussian gradient noise (Chainer v7's ``optimizer_hooks.GradientNoise``)."""

from __future__ import annotations

import numpy

from chainer import backend
from chainer.optimizers import _checks

__all__ = ["GradientNoise", "exponential_decay_noise"]


def exponential_decay_noise(xp, shape, dtype, hook, opt):
    """Draws Gaussian noise whose variance decays with the update count.

    .. math::

        \\sigma_t^2 = \\frac{\\eta}{(1 + t)^{0.55}}

    with :math:`\\eta` the hook's ``eta`` and :math:`t` the update count of
    ``opt``, as in *Adding Gradient Noise Improves Learning for Very Deep
    Networks* (https://arxiv.org/abs/1511.06807). The noise comes from
    ``xp.random`` (NumPy's or CuPy's global generator, so that
    ``chainer.testing.fix_random`` makes it reproducible).

    Args:
        xp: the array module (``numpy`` or ``cupy``).
        shape (tuple of ints): the shape of the noise.
        dtype: the dtype of the noise.
        hook (GradientNoise): the hook (its ``eta``).
        opt: the object whose ``t`` counts the updates (the update rule when
            the hook runs for each parameter).

    Returns:
        numpy.ndarray or cupy.ndarray: the noise, of ``shape`` and ``dtype``.
    """
    std = numpy.sqrt(hook.eta / numpy.power(1.0 + opt.t, 0.55))
    return xp.random.normal(0, std, shape).astype(dtype, copy=False)


class GradientNoise:
    """Optimizer/UpdateRule hook that adds random noise to each gradient.

    ``g += noise_func(xp, g.shape, g.dtype, hook, rule)``; the default
    :func:`exponential_decay_noise` draws Gaussian noise of variance
    ``eta / (1 + t) ** 0.55``. Under loss scaling the noise is multiplied
    by the gradient's scale, so it keeps its size once the update rule
    divides the scale out.

    Args:
        eta (float): the parameter of the noise's variance (>= 0).
        noise_func (callable): called as ``noise_func(xp, shape, dtype,
            hook, rule)``; returns an array of that shape and dtype on the
            gradient's device.

    Attributes:
        eta (float): the parameter of the noise's variance.
        noise_func (callable): the noise generator.
        name (str): ``'GradientNoise'``, the default registration name.
        timing (str): ``'pre'``: it runs before the update.
        call_for_each_param (bool): True: the optimizer calls it as
            ``hook(rule, param)`` for every parameter.
    """

    name = "GradientNoise"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, eta, noise_func=exponential_decay_noise):
        self.eta = _checks.check_nonnegative("GradientNoise", "eta", eta)
        if not callable(noise_func):
            raise TypeError(
                f"GradientNoise: noise_func must be callable, not {type(noise_func).__name__}"
            )
        self.noise_func = noise_func

    def __call__(self, rule, param):
        """Adds noise to ``param.grad`` in place.

        Args:
            rule (~chainer.UpdateRule): the parameter's update rule (passed
                to ``noise_func``; its ``t`` drives the default schedule).
            param (~chainer.Variable): the parameter; nothing happens when it
                has no gradient.
        """
        g = param.grad
        if g is None:
            return
        with backend.using_device(param.device):
            noise = self.noise_func(param.device.xp, g.shape, g.dtype, self, rule)
            loss_scale = getattr(param, "_loss_scale", None)
            if loss_scale is not None:
                noise = noise * loss_scale
            g += noise

    def __repr__(self):
        return f"GradientNoise(eta={self.eta!r}, noise_func={self.noise_func!r})"
