"""Alex Graves's RMSprop (Chainer v7's ``chainer.optimizers.RMSpropGraves``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["RMSpropGraves", "RMSpropGravesRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 1e-4
_default_hyperparam.alpha = 0.95
_default_hyperparam.momentum = 0.9
_default_hyperparam.eps = 1e-4


class RMSpropGravesRule(optimizer.UpdateRule):
    """Update rule of Alex Graves's RMSprop (centered, with momentum).

    .. math::

        n &\\leftarrow \\alpha n + (1 - \\alpha)\\, g^2, \\\\
        \\bar g &\\leftarrow \\alpha \\bar g + (1 - \\alpha)\\, g, \\\\
        \\delta &\\leftarrow \\mu \\delta - \\eta\\,
            \\frac{g}{\\sqrt{n - \\bar g^2 + \\epsilon}}, \\\\
        \\theta &\\leftarrow \\theta + \\delta

    elementwise: the gradient is divided by a running estimate of its
    standard deviation. See *Generating Sequences With Recurrent Neural
    Networks* (https://arxiv.org/abs/1308.0850), eqs. (38)-(41). State:
    ``n``, ``g`` (:math:`\\bar g`) and ``delta``, zeros at first, the
    parameter's shape and dtype.

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of
            :class:`RMSpropGraves` when None.
        lr (float): the learning rate; None takes the parent's.
        alpha (float): the exponential decay rate of the first and second
            moments, in [0, 1]; None takes the parent's.
        momentum (float): the decay rate of ``delta``, in [0, 1]; None takes
            the parent's.
        eps (float): the small value under the square root (>= 0); None
            takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, momentum=None, eps=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        owner = "RMSpropGravesRule"
        if lr is not None:
            self.hyperparam.lr = _checks.check_real(owner, "lr", lr)
        if alpha is not None:
            self.hyperparam.alpha = _checks.check_interval(owner, "alpha", alpha, 0, 1)
        if momentum is not None:
            self.hyperparam.momentum = _checks.check_interval(owner, "momentum", momentum, 0, 1)
        if eps is not None:
            self.hyperparam.eps = _checks.check_nonnegative(owner, "eps", eps)

    def init_state(self, param):
        """Creates ``n``, ``g`` and ``delta`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        xp = param.device.xp
        self.state["n"] = xp.zeros_like(param.array)
        self.state["g"] = xp.zeros_like(param.array)
        self.state["delta"] = xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates the state and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.
        """
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        with backend.using_device(param.device):
            xp = param.device.xp
            n, g, delta = self.state["n"], self.state["g"], self.state["delta"]
            n *= hp.alpha
            n += (1 - hp.alpha) * grad * grad
            g *= hp.alpha
            g += (1 - hp.alpha) * grad
            denom = n - g * g
            denom += hp.eps
            delta *= hp.momentum
            delta -= hp.lr * grad / xp.sqrt(denom)
            data = param.array
            data += delta

    update_core_cpu = update_core_gpu = update_core


class RMSpropGraves(optimizer.GradientMethod):
    """Alex Graves's RMSprop.

    See :class:`RMSpropGravesRule` for the formula, and
    https://arxiv.org/abs/1308.0850.

    Args:
        lr (float): the learning rate.
        alpha (float): the exponential decay rate of the moments, in [0, 1].
        momentum (float): the decay rate of the step, in [0, 1].
        eps (float): the small value under the square root (>= 0).

    Attributes:
        lr (float): alias of ``self.hyperparam.lr``.
        alpha (float): alias of ``self.hyperparam.alpha``.
        momentum (float): alias of ``self.hyperparam.momentum``.
        eps (float): alias of ``self.hyperparam.eps``.
    """

    lr = optimizer.HyperparameterProxy("lr")
    alpha = optimizer.HyperparameterProxy("alpha")
    momentum = optimizer.HyperparameterProxy("momentum")
    eps = optimizer.HyperparameterProxy("eps")

    def __init__(
        self,
        lr=_default_hyperparam.lr,
        alpha=_default_hyperparam.alpha,
        momentum=_default_hyperparam.momentum,
        eps=_default_hyperparam.eps,
    ):
        super().__init__()
        owner = "RMSpropGraves"
        self.hyperparam.lr = _checks.check_real(owner, "lr", lr)
        self.hyperparam.alpha = _checks.check_interval(owner, "alpha", alpha, 0, 1)
        self.hyperparam.momentum = _checks.check_interval(owner, "momentum", momentum, 0, 1)
        self.hyperparam.eps = _checks.check_nonnegative(owner, "eps", eps)

    def create_update_rule(self):
        """Returns a new :class:`RMSpropGravesRule` that falls back to :attr:`hyperparam`."""
        return RMSpropGravesRule(self.hyperparam)
