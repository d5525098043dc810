"""Classical momentum SGD (Chainer v7's ``chainer.optimizers.MomentumSGD``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["MomentumSGD", "MomentumSGDRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.momentum = 0.9


class MomentumSGDRule(optimizer.UpdateRule):
    """Update rule of classical momentum SGD.

    .. math::

        v &\\leftarrow \\mu v - \\eta\\, g, \\\\
        \\theta &\\leftarrow \\theta + v

    with :math:`\\mu` the ``momentum`` and :math:`\\eta` the learning rate
    ``lr``. State: ``v`` (the velocity, zeros at first, the parameter's
    shape and dtype).

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of
            :class:`MomentumSGD` when None.
        lr (float): the learning rate; None takes the parent's.
        momentum (float): the momentum in [0, 1]; None takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, momentum=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        if lr is not None:
            self.hyperparam.lr = _checks.check_real("MomentumSGDRule", "lr", lr)
        if momentum is not None:
            self.hyperparam.momentum = _checks.check_interval(
                "MomentumSGDRule", "momentum", momentum, 0, 1
            )

    def init_state(self, param):
        """Creates the velocity ``v`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        self.state["v"] = param.device.xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates ``v`` and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.
        """
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        with backend.using_device(param.device):
            v = self.state["v"]
            v *= hp.momentum
            v -= hp.lr * grad
            data = param.array
            data += v

    update_core_cpu = update_core_gpu = update_core


class MomentumSGD(optimizer.GradientMethod):
    """Classical momentum SGD.

    ``v = momentum * v - lr * grad; param += v`` (see :class:`MomentumSGDRule`).

    Args:
        lr (float): the learning rate.
        momentum (float): the exponential decay rate of the velocity, in [0, 1].

    Attributes:
        lr (float): alias of ``self.hyperparam.lr``.
        momentum (float): alias of ``self.hyperparam.momentum``.
    """

    lr = optimizer.HyperparameterProxy("lr")
    momentum = optimizer.HyperparameterProxy("momentum")

    def __init__(self, lr=_default_hyperparam.lr, momentum=_default_hyperparam.momentum):
        super().__init__()
        self.hyperparam.lr = _checks.check_real("MomentumSGD", "lr", lr)
        self.hyperparam.momentum = _checks.check_interval("MomentumSGD", "momentum", momentum, 0, 1)

    def create_update_rule(self):
        """Returns a new :class:`MomentumSGDRule` that falls back to :attr:`hyperparam`."""
        return MomentumSGDRule(self.hyperparam)
