"""Layer-wise adaptive rate scaling (Chainer v7's ``optimizer_hooks.GradientLARS``)."""

from __future__ import annotations

import numpy

from chainer import backend
from chainer.optimizers import _checks

__all__ = ["GradientLARS"]


class GradientLARS:
    """Optimizer/UpdateRule hook for layer-wise adaptive rate scaling (LARS).

    For each parameter :math:`w` (one "layer") with gradient :math:`g`:

    .. math::

        r &= \\frac{\\|w\\|}{\\epsilon + \\|g\\| + \\beta \\|w\\|}
            \\quad \\text{if } \\|w\\| > \\tau, \\text{ else } 1, \\\\
        g &\\leftarrow r\\, (g + \\beta w)

    with :math:`\\beta` the ``weight_decay``, :math:`\\tau` the
    ``threshold`` and :math:`\\epsilon` the ``eps``. Followed by
    :class:`~chainer.optimizers.SGD` or
    :class:`~chainer.optimizers.MomentumSGD` this is LARS of *Large Batch
    Training of Convolutional Networks* (https://arxiv.org/abs/1708.03888),
    with the optimizer's ``lr`` standing for the product of the global
    learning rate and the LARS coefficient. The threshold and ``eps``
    follow *Convergence Analysis of Gradient Descent Algorithms with
    Proportional Updates* (https://arxiv.org/abs/1801.03137). Norms are
    computed on the device (float32 for float16 arrays); under loss scaling
    they are those of the true gradient.

    Args:
        threshold (float): the weight norm :math:`\\tau` above which the
            gradient is rescaled.
        weight_decay (float): the weight decay coefficient :math:`\\beta`.
        eps (float): the small value :math:`\\epsilon` in the denominator (>= 0).

    Attributes:
        threshold (float): the weight-norm threshold.
        weight_decay (float): the weight decay coefficient.
        eps (float): the small value in the denominator.
        name (str): ``'GradientLARS'``, the default registration name.
        timing (str): ``'pre'``: it runs before the update.
        call_for_each_param (bool): True: the optimizer calls it as
            ``hook(rule, param)`` for every parameter.
    """

    name = "GradientLARS"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, threshold=1e-2, weight_decay=0.0, eps=1e-9):
        owner = "GradientLARS"
        self.threshold = _checks.check_real(owner, "threshold", threshold)
        self.weight_decay = _checks.check_real(owner, "weight_decay", weight_decay)
        self.eps = _checks.check_nonnegative(owner, "eps", eps)

    def __call__(self, rule, param):
        """Rescales ``param.grad`` in place (see the class docstring).

        Args:
            rule (~chainer.UpdateRule): the parameter's update rule (unused).
            param (~chainer.Variable): the parameter; nothing happens when it
                has no array or no gradient.
        """
        p, g = param.array, param.grad
        if p is None or g is None:
            return
        loss_scale = getattr(param, "_loss_scale", None)
        scale = 1.0 if loss_scale is None else float(loss_scale)
        with backend.using_device(param.device):
            xp = param.device.xp
            p_norm = _norm(xp, p)
            g_norm = _norm(xp, g) / scale
            local_rate = p_norm / (self.eps + g_norm + self.weight_decay * p_norm)
            rate = xp.where(p_norm > self.threshold, local_rate, 1.0)
            if self.weight_decay != 0:
                g += (self.weight_decay * scale) * p
            g *= rate

    def __repr__(self):
        return (
            f"GradientLARS(threshold={self.threshold!r}, weight_decay={self.weight_decay!r}, "
            f"eps={self.eps!r})"
        )


def _norm(xp, x):
    # The L2 norm of all elements, as a 0-dim array on x's device.
    flat = x.ravel()
    if flat.dtype == numpy.float16:
        flat = flat.astype(numpy.float32)
    return xp.sqrt(flat.dot(flat))
