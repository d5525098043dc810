"""Elementwise gradient clipping (Chainer v7's ``optimizer_hooks.GradientHardClipping``)."""

from __future__ import annotations

from chainer import backend
from chainer.optimizers import _checks

__all__ = ["GradientHardClipping"]


class GradientHardClipping:
    """Optimizer/UpdateRule hook that clips every gradient element to a range.

    .. math::

        g \\leftarrow \\min(\\max(g, l), u)

    elementwise. Under loss scaling the bounds are multiplied by the
    gradient's scale, so they apply to the true gradient.

    Args:
        lower_bound (float): the smallest gradient value :math:`l`.
        upper_bound (float): the largest gradient value :math:`u`
            (``>= lower_bound``).

    Attributes:
        lower_bound (float): the lower bound.
        upper_bound (float): the upper bound.
        name (str): ``'GradientHardClipping'``, the default registration name.
        timing (str): ``'pre'``: it runs before the update.
        call_for_each_param (bool): True: the optimizer calls it as
            ``hook(rule, param)`` for every parameter.
    """

    name = "GradientHardClipping"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, lower_bound, upper_bound):
        owner = "GradientHardClipping"
        self.lower_bound = _checks.check_real(owner, "lower_bound", lower_bound)
        self.upper_bound = _checks.check_real(owner, "upper_bound", upper_bound)
        if not lower_bound <= upper_bound:
            raise ValueError(
                f"{owner}: lower_bound must not exceed upper_bound, got lower_bound="
                f"{lower_bound!r} and upper_bound={upper_bound!r}"
            )

    def __call__(self, rule, param):
        """Clips ``param.grad`` in place.

        Args:
            rule (~chainer.UpdateRule): the parameter's update rule (unused).
            param (~chainer.Variable): the parameter; nothing happens when it
                has no gradient.
        """
        grad = param.grad
        if grad is None:
            return
        lower, upper = self.lower_bound, self.upper_bound
        loss_scale = getattr(param, "_loss_scale", None)
        if loss_scale is not None:
            lower *= loss_scale
            upper *= loss_scale
        with backend.using_device(param.device):
            param.device.xp.clip(grad, lower, upper, out=grad)

    def __repr__(self):
        return (
            f"GradientHardClipping(lower_bound={self.lower_bound!r}, "
            f"upper_bound={self.upper_bound!r})"
        )
