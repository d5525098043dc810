"""L2 regularization by weight decay (Chainer v7's ``optimizer_hooks.WeightDecay``)."""

from __future__ import annotations

from chainer import backend
from chainer.optimizers import _checks

__all__ = ["WeightDecay"]


class WeightDecay:
    """Optimizer/UpdateRule hook that adds ``rate * param`` to each gradient.

    .. math::

        g \\leftarrow g + \\lambda\\, \\theta

    with :math:`\\lambda` the ``rate``: the gradient of the L2 penalty
    :math:`\\frac{\\lambda}{2} \\|\\theta\\|^2`, so the optimizer minimizes
    the loss plus that penalty. Under loss scaling the term is multiplied by
    the gradient's scale, so it keeps its size once the update rule divides
    the scale out.

    Register it on an optimizer (``opt.add_hook(WeightDecay(1e-4))``: every
    parameter, before the update) or on one rule
    (``param.update_rule.add_hook(WeightDecay(1e-4))``).

    Args:
        rate (float): the coefficient :math:`\\lambda`.

    Attributes:
        rate (float): the coefficient.
        name (str): ``'WeightDecay'``, the default registration name.
        timing (str): ``'pre'``: it runs before the update.
        call_for_each_param (bool): True: the optimizer calls it as
            ``hook(rule, param)`` for every parameter.
    """

    name = "WeightDecay"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, rate):
        self.rate = _checks.check_real("WeightDecay", "rate", rate)

    def __call__(self, rule, param):
        """Adds ``rate * param`` to ``param.grad`` in place.

        Args:
            rule (~chainer.UpdateRule): the parameter's update rule (unused).
            param (~chainer.Variable): the parameter; nothing happens when it
                has no array or no gradient.
        """
        p, g = param.array, param.grad
        if p is None or g is None:
            return
        rate = self.rate
        loss_scale = getattr(param, "_loss_scale", None)
        if loss_scale is not None:
            rate *= loss_scale
        with backend.using_device(param.device):
            g += rate * p

    def __repr__(self):
        return f"WeightDecay(rate={self.rate!r})"
