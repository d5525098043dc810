"""Gradient clipping by the global L2 norm (Chainer v7's ``optimizer_hooks.GradientClipping``)."""

from __future__ import annotations

import math

import numpy

from chainer import backend
from chainer.optimizers import _checks

__all__ = ["GradientClipping"]


def _squared_norms(params):
    # Sums the squared L2 norms of the true (unscaled) gradients, per device.
    # Returns a dict: device -> 0-dim array on that device.
    sums = {}
    for param in params:
        grad = param.grad
        device = param.device
        with backend.using_device(device):
            flat = grad.ravel()
            if flat.dtype == numpy.float16:  # squares of float16 overflow at 256
                flat = flat.astype(numpy.float32)
            sq = flat.dot(flat)
            loss_scale = getattr(param, "_loss_scale", None)
            if loss_scale is not None:
                sq = sq / (float(loss_scale) ** 2)
            key = str(device)
            sums[key] = (device, sq if key not in sums else sums[key][1] + sq)
    return sums


class GradientClipping:
    """Optimizer hook that rescales all gradients to a global L2 norm of at most ``threshold``.

    With :math:`N = \\sqrt{\\sum_i \\|g_i\\|^2}` the norm over every
    gradient of the target link and :math:`c` the ``threshold``:

    .. math::

        g_i \\leftarrow g_i \\cdot \\min\\Bigl(1, \\frac{c}{N}\\Bigr)

    Under loss scaling :math:`N` is the norm of the true gradients (each
    divided by its scale). On the CPU nothing is touched when no clipping is
    needed; on a GPU the factor stays on the device (no synchronization).

    Args:
        threshold (float): the largest global L2 norm :math:`c` (>= 0).

    Attributes:
        threshold (float): the threshold.
        name (str): ``'GradientClipping'``, the default registration name.
        timing (str): ``'pre'``: it runs before the update.
    """

    name = "GradientClipping"
    timing = "pre"

    def __init__(self, threshold):
        self.threshold = _checks.check_nonnegative("GradientClipping", "threshold", threshold)

    def __call__(self, opt):
        """Rescales the gradients of ``opt.target`` in place when their norm exceeds the threshold.

        Args:
            opt (~chainer.Optimizer): the optimizer (its target link's
                initialized parameters with a gradient are clipped).
        """
        params = [p for p in opt.target.params(include_uninit=False) if p.grad is not None]
        if not params:
            return
        sums = _squared_norms(params)
        if len(sums) == 1:
            ((device, sqnorm),) = sums.values()
        else:  # several devices: add on the host
            device, sqnorm = None, sum(float(sq) for _, sq in sums.values())
        if device is None or device.xp is numpy:
            norm = math.sqrt(float(sqnorm))
            if norm <= self.threshold:
                return
            rate = self.threshold / norm
        else:
            with backend.using_device(device):
                xp = device.xp
                rate = xp.minimum(self.threshold / xp.sqrt(sqnorm), 1.0)
        # A device-resident rate is on the one device every gradient lives on.
        for param in params:
            with backend.using_device(param.device):
                grad = param.grad
                grad *= rate

    def __repr__(self):
        return f"GradientClipping(threshold={self.threshold!r})"
