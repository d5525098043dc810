"""Hinton's RMSprop (Chainer v7's ``chainer.optimizers.RMSprop``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["RMSprop", "RMSpropRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01
_default_hyperparam.alpha = 0.99
_default_hyperparam.eps = 1e-8
_default_hyperparam.eps_inside_sqrt = False


class RMSpropRule(optimizer.UpdateRule):
    """Update rule of RMSprop.

    .. math::

        s &\\leftarrow \\alpha s + (1 - \\alpha)\\, g^2, \\\\
        \\theta &\\leftarrow \\theta - \\eta\\, \\frac{g}{\\sqrt{s} + \\epsilon}

    elementwise, with :math:`\\eta` the learning rate ``lr``; with
    ``eps_inside_sqrt`` the denominator is :math:`\\sqrt{s + \\epsilon}`
    instead (as some other frameworks write it). State: ``ms`` (:math:`s`,
    the mean squared gradient, zeros at first, the parameter's shape and
    dtype).

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`RMSprop`
            when None.
        lr (float): the learning rate; None takes the parent's.
        alpha (float): the exponential decay rate of the mean squared
            gradient, in [0, 1]; None takes the parent's.
        eps (float): the small value in the denominator (>= 0); None takes
            the parent's.
        eps_inside_sqrt (bool): where ``eps`` goes (see above); None takes
            the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, eps=None, eps_inside_sqrt=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        owner = "RMSpropRule"
        if lr is not None:
            self.hyperparam.lr = _checks.check_real(owner, "lr", lr)
        if alpha is not None:
            self.hyperparam.alpha = _checks.check_interval(owner, "alpha", alpha, 0, 1)
        if eps is not None:
            self.hyperparam.eps = _checks.check_nonnegative(owner, "eps", eps)
        if eps_inside_sqrt is not None:
            self.hyperparam.eps_inside_sqrt = _checks.check_bool(
                owner, "eps_inside_sqrt", eps_inside_sqrt
            )

    def init_state(self, param):
        """Creates ``ms`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        self.state["ms"] = param.device.xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates ``ms`` and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.

        Raises:
            ValueError: if a non-zero ``eps`` rounds to zero in the gradient's
                dtype (float16: turn on ``use_fp32_update()``).
        """
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        _checks.check_eps_representable("RMSprop", hp.eps, grad.dtype)
        with backend.using_device(param.device):
            xp = param.device.xp
            ms = self.state["ms"]
            ms *= hp.alpha
            ms += (1 - hp.alpha) * grad * grad
            if hp.eps_inside_sqrt:
                denom = xp.sqrt(ms + hp.eps)
            else:
                denom = xp.sqrt(ms)
                denom += hp.eps
            data = param.array
            data -= hp.lr * grad / denom

    update_core_cpu = update_core_gpu = update_core


class RMSprop(optimizer.GradientMethod):
    """RMSprop optimizer.

    See :class:`RMSpropRule` for the formula; from T. Tieleman and
    G. Hinton (2012), Lecture 6.5 - rmsprop, COURSERA: Neural Networks for
    Machine Learning.

    Args:
        lr (float): the learning rate.
        alpha (float): the exponential decay rate of the mean squared
            gradient, in [0, 1].
        eps (float): the small value in the denominator (>= 0).
        eps_inside_sqrt (bool): divide by ``sqrt(ms + eps)`` instead of
            ``sqrt(ms) + eps``.

    Attributes:
        lr (float): alias of ``self.hyperparam.lr``.
        alpha (float): alias of ``self.hyperparam.alpha``.
        eps (float): alias of ``self.hyperparam.eps``.
        eps_inside_sqrt (bool): alias of ``self.hyperparam.eps_inside_sqrt``.
    """

    lr = optimizer.HyperparameterProxy("lr")
    alpha = optimizer.HyperparameterProxy("alpha")
    eps = optimizer.HyperparameterProxy("eps")
    eps_inside_sqrt = optimizer.HyperparameterProxy("eps_inside_sqrt")

    def __init__(
        self,
        lr=_default_hyperparam.lr,
        alpha=_default_hyperparam.alpha,
        eps=_default_hyperparam.eps,
        eps_inside_sqrt=_default_hyperparam.eps_inside_sqrt,
    ):
        super().__init__()
        self.hyperparam.lr = _checks.check_real("RMSprop", "lr", lr)
        self.hyperparam.alpha = _checks.check_interval("RMSprop", "alpha", alpha, 0, 1)
        self.hyperparam.eps = _checks.check_nonnegative("RMSprop", "eps", eps)
        self.hyperparam.eps_inside_sqrt = _checks.check_bool(
            "RMSprop", "eps_inside_sqrt", eps_inside_sqrt
        )

    def create_update_rule(self):
        """Returns a new :class:`RMSpropRule` that falls back to :attr:`hyperparam`."""
        return RMSpropRule(self.hyperparam)
