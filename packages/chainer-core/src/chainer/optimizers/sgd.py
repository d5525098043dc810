"""Vanilla stochastic gradient descent (Chainer v7's ``chainer.optimizers.SGD``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["SGD", "SGDRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.01


class SGDRule(optimizer.UpdateRule):
    """Update rule of vanilla SGD.

    .. math::

        \\theta \\leftarrow \\theta - \\eta\\, g

    with :math:`\\eta` the learning rate ``lr`` and :math:`g` the gradient.
    The rule has no state.

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`SGD`
            when None.
        lr (float): the learning rate; None takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        if lr is not None:
            self.hyperparam.lr = _checks.check_real("SGDRule", "lr", lr)

    def update_core(self, param):
        """Applies ``param -= lr * grad`` in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter (any float dtype, any shape).
        """
        grad = param.grad
        if grad is None:
            return
        with backend.using_device(param.device):
            data = param.array
            data -= self.hyperparam.lr * grad

    # One formula over ``xp`` serves every backend.
    update_core_cpu = update_core_gpu = update_core


class SGD(optimizer.GradientMethod):
    """Vanilla stochastic gradient descent.

    Every parameter moves against its gradient:
    ``param -= lr * grad``.

    Args:
        lr (float): the learning rate.

    Attributes:
        lr (float): alias of ``self.hyperparam.lr``.

    Example:
        >>> model = chainer.links.Linear(3, 2)          # doctest: +SKIP
        >>> opt = chainer.optimizers.SGD(lr=0.1).setup(model)  # doctest: +SKIP
    """

    lr = optimizer.HyperparameterProxy("lr")

    def __init__(self, lr=_default_hyperparam.lr):
        super().__init__()
        self.hyperparam.lr = _checks.check_real("SGD", "lr", lr)

    def create_update_rule(self):
        """Returns a new :class:`SGDRule` that falls back to :attr:`hyperparam`."""
        return SGDRule(self.hyperparam)
