"""Simon Funk's SMORMS3 (Chainer v7's ``chainer.optimizers.SMORMS3``)."""

from __future__ import annotations

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["SMORMS3", "SMORMS3Rule"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.001
_default_hyperparam.eps = 1e-16


class SMORMS3Rule(optimizer.UpdateRule):
    """Update rule of Simon Funk's SMORMS3 ("squared mean over root mean squared, cubed").

    Elementwise, with a per-element memory length :math:`m`:

    .. math::

        r &= 1 / (m + 1), \\\\
        \\bar g &\\leftarrow (1 - r)\\, \\bar g + r\\, g, \\\\
        \\bar{g^2} &\\leftarrow (1 - r)\\, \\bar{g^2} + r\\, g^2, \\\\
        x &= \\bar g^2 / (\\bar{g^2} + \\epsilon), \\\\
        \\theta &\\leftarrow \\theta
            - g\\, \\frac{\\min(\\eta, x)}{\\sqrt{\\bar{g^2}} + \\epsilon}, \\\\
        m &\\leftarrow 1 + m (1 - x)

    with :math:`\\eta` the learning rate ``lr``. See
    http://sifter.org/~simon/journal/20150420.html. State: ``mem`` (ones at
    first), ``g`` and ``g2`` (zeros at first), the parameter's shape and
    dtype.

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`SMORMS3`
            when None.
        lr (float): the learning rate; None takes the parent's.
        eps (float): the small value for numerical stability (>= 0); None
            takes the parent's.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        if lr is not None:
            self.hyperparam.lr = _checks.check_real("SMORMS3Rule", "lr", lr)
        if eps is not None:
            self.hyperparam.eps = _checks.check_nonnegative("SMORMS3Rule", "eps", eps)

    def init_state(self, param):
        """Creates ``mem`` (ones), ``g`` and ``g2`` (zeros), like the parameter.

        Args:
            param (~chainer.Variable): the parameter.
        """
        xp = param.device.xp
        self.state["mem"] = xp.ones_like(param.array)
        self.state["g"] = xp.zeros_like(param.array)
        self.state["g2"] = xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates the state and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.
        """
        grad = param.grad
        if grad is None:
            return
        lr, eps = self.hyperparam.lr, self.hyperparam.eps
        with backend.using_device(param.device):
            xp = param.device.xp
            mem, g, g2 = self.state["mem"], self.state["g"], self.state["g2"]
            r = 1 / (mem + 1)
            g *= 1 - r
            g += r * grad
            g2 *= 1 - r
            g2 += r * grad * grad
            x = g * g / (g2 + eps)
            denom = xp.sqrt(g2)
            denom += eps
            data = param.array
            data -= grad * xp.minimum(x, lr) / denom
            mem *= 1 - x
            mem += 1

    update_core_cpu = update_core_gpu = update_core


class SMORMS3(optimizer.GradientMethod):
    """Simon Funk's SMORMS3.

    See :class:`SMORMS3Rule` for the formula, and
    http://sifter.org/~simon/journal/20150420.html.

    Args:
        lr (float): the learning rate.
        eps (float): the small value for numerical stability (>= 0).

    Attributes:
        lr (float): alias of ``self.hyperparam.lr``.
        eps (float): alias of ``self.hyperparam.eps``.
    """

    lr = optimizer.HyperparameterProxy("lr")
    eps = optimizer.HyperparameterProxy("eps")

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__()
        self.hyperparam.lr = _checks.check_real("SMORMS3", "lr", lr)
        self.hyperparam.eps = _checks.check_nonnegative("SMORMS3", "eps", eps)

    def create_update_rule(self):
        """Returns a new :class:`SMORMS3Rule` that falls back to :attr:`hyperparam`."""
        return SMORMS3Rule(self.hyperparam)
