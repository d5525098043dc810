"""L1 regularization (Chainer v7's ``optimizer_hooks.Lasso``)."""

from __future__ import annotations

from chainer import backend
from chainer.optimizers import _checks

__all__ = ["Lasso"]


class Lasso:
    """Optimizer/UpdateRule hook that adds ``rate * sign(param)`` to each gradient.

    .. math::

        g \\leftarrow g + \\lambda\\, \\mathrm{sign}(\\theta)

    with :math:`\\lambda` the ``rate``: a subgradient of the L1 penalty
    :math:`\\lambda \\|\\theta\\|_1` (0 at :math:`\\theta = 0`). Under loss
    scaling the term is multiplied by the gradient's scale.

    Args:
        rate (float): the coefficient :math:`\\lambda`.

    Attributes:
        rate (float): the coefficient.
        name (str): ``'Lasso'``, the default registration name.
        timing (str): ``'pre'``: it runs before the update.
        call_for_each_param (bool): True: the optimizer calls it as
            ``hook(rule, param)`` for every parameter.
    """

    name = "Lasso"
    call_for_each_param = True
    timing = "pre"

    def __init__(self, rate):
        self.rate = _checks.check_real("Lasso", "rate", rate)

    def __call__(self, rule, param):
        """Adds ``rate * sign(param)`` to ``param.grad`` in place.

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
            g += rate * param.device.xp.sign(p)

    def __repr__(self):
        return f"Lasso(rate={self.rate!r})"
