"""AdaGrad (Chainer v7's ``chainer.optimizers.AdaGrad``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["AdaGrad", "AdaGradRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.001
_default_hyperparam.eps = 1e-8


class AdaGradRule(optimizer.UpdateRule):
    """Update rule of AdaGrad.

    .. math::

        h &\\leftarrow h + g^2, \\\\
        \\theta &\\leftarrow \\theta - \\eta\\, \\frac{g}{\\sqrt{h} + \\epsilon}

    elementwise, with :math:`\\eta` the learning rate ``lr``. See *Adaptive
    Subgradient Methods for Online Learning and Stochastic Optimization*
    (http://jmlr.org/papers/v12/duchi11a.html). State: ``h`` (the sum of
    squared gradients, zeros at first, the parameter's shape and dtype).

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`AdaGrad`
            when None.
        lr (float): the learning rate; None takes the parent's.
        eps (float): the small value added to the denominator (>= 0); None
            takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        if lr is not None:
            self.hyperparam.lr = _checks.check_real("AdaGradRule", "lr", lr)
        if eps is not None:
            self.hyperparam.eps = _checks.check_nonnegative("AdaGradRule", "eps", eps)

    def init_state(self, param):
        """Creates ``h`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        self.state["h"] = param.device.xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates ``h`` and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.
        """
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        with backend.using_device(param.device):
            xp = param.device.xp
            h = self.state["h"]
            h += grad * grad
            denom = xp.sqrt(h)
            denom += hp.eps
            data = param.array
            data -= hp.lr * grad / denom

    update_core_cpu = update_core_gpu = update_core


class AdaGrad(optimizer.GradientMethod):
    """AdaGrad optimizer: per-element steps shrinking with the sum of squared gradients.

    See :class:`AdaGradRule` for the formula, and
    http://jmlr.org/papers/v12/duchi11a.html.

    Args:
        lr (float): the learning rate.
        eps (float): the small value added to the denominator (>= 0).

    Attributes:
        lr (float): alias of ``self.hyperparam.lr``.
        eps (float): alias of ``self.hyperparam.eps``.
    """

    lr = optimizer.HyperparameterProxy("lr")
    eps = optimizer.HyperparameterProxy("eps")

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.lr = _checks.check_real("AdaGrad", "lr", lr)
        self.hyperparam.eps = _checks.check_nonnegative("AdaGrad", "eps", eps)

    def create_update_rule(self):
        """Returns a new :class:`AdaGradRule` that falls back to :attr:`hyperparam`."""
        return AdaGradRule(self.hyperparam)
