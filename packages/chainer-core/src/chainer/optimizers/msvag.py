"""M-SVAG (Chainer v7's ``chainer.optimizers.MSVAG``)."""

from __future__ import annotations

import numpy

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["MSVAG", "MSVAGRule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.1
_default_hyperparam.beta = 0.9
_default_hyperparam.eta = 1.0
_default_hyperparam.weight_decay_rate = 0

# rho reaches 1 at the first step (one sample: no variance estimate); the cap
# keeps 1 - rho away from zero.
_RHO_MAX = 0.9999


def _rho(beta, t):
    # The variance of a bias-corrected exponential moving average of t i.i.d.
    # unit-variance samples: sum of the squared normalized weights.
    beta_t = beta**t
    rho = (1.0 - beta) ** 2 * (1.0 - beta_t**2) / ((1.0 - beta_t) ** 2 * (1.0 - beta**2))
    return min(rho, _RHO_MAX)


class MSVAGRule(optimizer.UpdateRule):
    """Update rule of M-SVAG (momentum with stochastic variance-adapted gradient).

    Elementwise, at the ``t``-th update of the parameter:

    .. math::

        m &\\leftarrow m + (1 - \\beta)(g - m), \\quad
        v \\leftarrow v + (1 - \\beta)(g^2 - v), \\\\
        \\tilde m &= m / (1 - \\beta^t), \\quad \\tilde v = v / (1 - \\beta^t), \\\\
        \\rho &= \\min\\Bigl(\\frac{(1 - \\beta)^2 (1 - \\beta^{2t})}
            {(1 - \\beta^t)^2 (1 - \\beta^2)},\\ 0.9999\\Bigr), \\\\
        s &= (\\tilde v - \\tilde m^2) / (1 - \\rho), \\\\
        \\gamma &= \\mathrm{clip}\\bigl(\\tilde m^2 / (\\tilde m^2 + \\rho s),
            0, 1\\bigr) \\quad (0 \\text{ where } \\tilde m = \\tilde v = 0), \\\\
        \\theta &\\leftarrow \\theta - \\eta\\, (\\mathrm{lr}\\, \\gamma\\, \\tilde m
            + \\lambda\\, \\theta)

    with :math:`\\eta` the schedule multiplier ``eta`` and :math:`\\lambda`
    the decoupled ``weight_decay_rate``. :math:`s` estimates the gradient's
    variance and :math:`\\gamma` damps the momentum where the gradient is
    noisy. See *Dissecting Adam: The Sign, Magnitude and Variance of
    Stochastic Gradients* (https://arxiv.org/abs/1705.07774). State: ``m``
    and ``v`` (zeros at first, the parameter's shape and dtype).

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`MSVAG`
            when None.
        lr (float): the learning rate; None takes the parent's.
        beta (float): the decay rate of both moments, in [0, 1); None takes
            the parent's.
        eta (float): the schedule multiplier; None takes the parent's.
        weight_decay_rate (float): the decoupled weight decay rate; None
            takes the parent's.
    """

    is_elementwise = True

    def __init__(
        self, parent_hyperparam=None, lr=None, beta=None, eta=None, weight_decay_rate=None
    ):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        owner = "MSVAGRule"
        if lr is not None:
            self.hyperparam.lr = _checks.check_real(owner, "lr", lr)
        if beta is not None:
            self.hyperparam.beta = _checks.check_interval(
                owner, "beta", beta, 0, 1, closed_high=False
            )
        if eta is not None:
            self.hyperparam.eta = _checks.check_real(owner, "eta", eta)
        if weight_decay_rate is not None:
            self.hyperparam.weight_decay_rate = _checks.check_real(
                owner, "weight_decay_rate", weight_decay_rate
            )

    def init_state(self, param):
        """Creates ``m`` and ``v`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        xp = param.device.xp
        self.state["m"] = xp.zeros_like(param.array)
        self.state["v"] = xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates the moments and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.
        """
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        beta = hp.beta
        rho = _rho(beta, self.t)
        correction = 1.0 - beta**self.t
        with backend.using_device(param.device):
            xp = param.device.xp
            m, v = self.state["m"], self.state["v"]
            m += (1 - beta) * (grad - m)
            v += (1 - beta) * (grad * grad - v)
            mt = m / correction
            mt2 = mt * mt
            s = v / correction
            s -= mt2
            s /= 1 - rho
            denom = rho * s
            denom += mt2
            with numpy.errstate(divide="ignore", invalid="ignore"):
                factor = mt2 / denom
            # 0/0 where the moments are zero; clip leaves NaN as it is.
            factor = xp.where(xp.isnan(factor), 0, xp.clip(factor, 0, 1))
            step = hp.lr * mt * factor
            data = param.array
            if hp.weight_decay_rate != 0:
                step += hp.weight_decay_rate * data
            step *= hp.eta
            data -= step

    update_core_cpu = update_core_gpu = update_core


class MSVAG(optimizer.GradientMethod):
    """M-SVAG optimizer.

    See :class:`MSVAGRule` for the formula, and
    https://arxiv.org/abs/1705.07774. ``eta`` and ``weight_decay_rate`` add
    a schedule multiplier and decoupled weight decay as in
    :class:`~chainer.optimizers.AdamW`.

    Args:
        lr (float): the learning rate.
        beta (float): the exponential decay rate of the first and second
            moments, in [0, 1).
        eta (float): the schedule multiplier.
        weight_decay_rate (float): the decoupled weight decay rate.

    Attributes:
        lr, beta, eta, weight_decay_rate: aliases of the entries of
        ``self.hyperparam``.
    """

    lr = optimizer.HyperparameterProxy("lr")
    beta = optimizer.HyperparameterProxy("beta")
    eta = optimizer.HyperparameterProxy("eta")
    weight_decay_rate = optimizer.HyperparameterProxy("weight_decay_rate")

    def __init__(
        self,
        lr=_default_hyperparam.lr,
        beta=_default_hyperparam.beta,
        eta=_default_hyperparam.eta,
        weight_decay_rate=_default_hyperparam.weight_decay_rate,
    ):
        super().__init__()
        owner = "MSVAG"
        self.hyperparam.lr = _checks.check_real(owner, "lr", lr)
        self.hyperparam.beta = _checks.check_interval(owner, "beta", beta, 0, 1, closed_high=False)
        self.hyperparam.eta = _checks.check_real(owner, "eta", eta)
        self.hyperparam.weight_decay_rate = _checks.check_real(
            owner, "weight_decay_rate", weight_decay_rate
        )

    def create_update_rule(self):
        """Returns a new :class:`MSVAGRule` that falls back to :attr:`hyperparam`."""
        return MSVAGRule(self.hyperparam)
