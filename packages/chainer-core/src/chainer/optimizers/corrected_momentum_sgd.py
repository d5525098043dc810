"""Momentum SGD with the learning rate outside the velocity.

Chainer v7's ``chainer.optimizers.CorrectedMomentumSGD``.
"""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["CorrectedMomentumSGD", "CorrectedMomentumSGDRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.momentum = 0.9


class CorrectedMomentumSGDRule(optimizer.UpdateRule):
    """Update rule of momentum SGD with the learning rate applied after the velocity.

    .. math::

        v &\\leftarrow \\mu v - g, \\\\
        \\theta &\\leftarrow \\theta + \\eta\\, v

    Unlike :class:`~chainer.optimizers.MomentumSGDRule`, the velocity does not
    contain the learning rate, so changing ``lr`` during training (a schedule)
    rescales the whole step at once instead of only the new gradients; see
    *Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour*
    (https://arxiv.org/abs/1706.02677). With a constant ``lr`` both rules
    give the same parameters. State: ``v`` (zeros at first, the parameter's
    shape and dtype).

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of
            :class:`CorrectedMomentumSGD` when None.
        lr (float): the learning rate; None takes the parent's.
        momentum (float): the momentum in [0, 1]; None takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, momentum=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        if lr is not None:
            self.hyperparam.lr = _checks.check_real("CorrectedMomentumSGDRule", "lr", lr)
        if momentum is not None:
            self.hyperparam.momentum = _checks.check_interval(
                "CorrectedMomentumSGDRule", "momentum", momentum, 0, 1
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
            v -= grad
            data = param.array
            data += hp.lr * v

    update_core_cpu = update_core_gpu = update_core


class CorrectedMomentumSGD(optimizer.GradientMethod):
    """Momentum SGD whose velocity does not contain the learning rate.

    ``v = momentum * v - grad; param += lr * v`` (see
    :class:`CorrectedMomentumSGDRule`).

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
        self.hyperparam.lr = _checks.check_real("CorrectedMomentumSGD", "lr", lr)
        self.hyperparam.momentum = _checks.check_interval(
            "CorrectedMomentumSGD", "momentum", momentum, 0, 1
        )

    def create_update_rule(self):
        """Returns a new :class:`CorrectedMomentumSGDRule` that falls back to :attr:`hyperparam`."""
        return CorrectedMomentumSGDRule(self.hyperparam)
