"""Zeiler's ADADELTA (Chainer v7's ``chainer.optimizers.AdaDelta``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["AdaDelta", "AdaDeltaRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.rho = 0.95
_default_hyperparam.eps = 1e-6


class AdaDeltaRule(optimizer.UpdateRule):
    """Update rule of Zeiler's ADADELTA.

    .. math::

        s &\\leftarrow \\rho s + (1 - \\rho)\\, g^2, \\\\
        \\Delta &= \\sqrt{\\frac{d + \\epsilon}{s + \\epsilon}}\\; g, \\\\
        d &\\leftarrow \\rho d + (1 - \\rho)\\, \\Delta^2, \\\\
        \\theta &\\leftarrow \\theta - \\Delta

    elementwise. There is no learning rate: the step's unit comes from the
    running mean of the past squared steps. See *ADADELTA: An Adaptive
    Learning Rate Method* (https://arxiv.org/abs/1212.5701). State: ``msg``
    (:math:`s`, the mean squared gradient) and ``msdx`` (:math:`d`, the mean
    squared step), zeros at first, the parameter's shape and dtype.

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`AdaDelta`
            when None.
        rho (float): the exponential decay rate of both means, in [0, 1];
            None takes the parent's.
        eps (float): the small value that starts the steps and keeps the
            ratio finite (>= 0); None takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, rho=None, eps=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        if rho is not None:
            self.hyperparam.rho = _checks.check_interval("AdaDeltaRule", "rho", rho, 0, 1)
        if eps is not None:
            self.hyperparam.eps = _checks.check_nonnegative("AdaDeltaRule", "eps", eps)

    def init_state(self, param):
        """Creates ``msg`` and ``msdx`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        xp = param.device.xp
        self.state["msg"] = xp.zeros_like(param.array)
        self.state["msdx"] = xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates the two means and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.
        """
        grad = param.grad
        if grad is None:
            return
        rho, eps = self.hyperparam.rho, self.hyperparam.eps
        with backend.using_device(param.device):
            xp = param.device.xp
            msg, msdx = self.state["msg"], self.state["msdx"]
            msg *= rho
            msg += (1 - rho) * grad * grad
            dx = xp.sqrt((msdx + eps) / (msg + eps))
            dx *= grad
            msdx *= rho
            msdx += (1 - rho) * dx * dx
            data = param.array
            data -= dx

    update_core_cpu = update_core_gpu = update_core


class AdaDelta(optimizer.GradientMethod):
    """Zeiler's ADADELTA.

    See :class:`AdaDeltaRule` for the formula, and
    https://arxiv.org/abs/1212.5701.

    Args:
        rho (float): the exponential decay rate of the mean squared gradient
            and step, in [0, 1].
        eps (float): the small value that starts the steps (>= 0).

    Attributes:
        rho (float): alias of ``self.hyperparam.rho``.
        eps (float): alias of ``self.hyperparam.eps``.
    """

    rho = optimizer.HyperparameterProxy("rho")
    eps = optimizer.HyperparameterProxy("eps")

    def __init__(self, rho=_default_hyperparam.rho, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.rho = _checks.check_interval("AdaDelta", "rho", rho, 0, 1)
        self.hyperparam.eps = _checks.check_nonnegative("AdaDelta", "eps", eps)

    def create_update_rule(self):
        """Returns a new :class:`AdaDeltaRule` that falls back to :attr:`hyperparam`."""
        return AdaDeltaRule(self.hyperparam)
