"""Adam and its variants AdamW, AMSGrad, AdaBound and AMSBound.

Chainer v7's ``chainer.optimizers.Adam`` family: one update rule,
:class:`AdamRule`, with switches for the decoupled weight decay, AMSGrad's
running maximum of the second moment and AdaBound's clipping of the step
size; the variants are :class:`Adam` with those switches preset.
"""

from __future__ import annotations

import math
import warnings

import numpy

from chainer import backend, optimizer
from chainer.optimizers import _checks

__all__ = ["AMSBound", "AMSGrad", "AdaBound", "Adam", "AdamRule", "AdamW"]

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.alpha = 0.001
_default_hyperparam.beta1 = 0.9
_default_hyperparam.beta2 = 0.999
_default_hyperparam.eps = 1e-8
_default_hyperparam.eta = 1.0
_default_hyperparam.weight_decay_rate = 0
_default_hyperparam.amsgrad = False
_default_hyperparam.adabound = False
_default_hyperparam.final_lr = 0.1
_default_hyperparam.gamma = 1e-3


def _learning_rate(hp, t):
    # The bias-corrected step size alpha_t of the t-th update (t >= 1).
    if t == 0:
        raise RuntimeError(
            "the learning rate of Adam (alpha_t) is undefined before the first update: "
            "it depends on the update count t, which is still 0"
        )
    fix1 = 1.0 - math.pow(hp.beta1, t)
    fix2 = 1.0 - math.pow(hp.beta2, t)
    return hp.alpha * math.sqrt(fix2) / fix1


def _intermediate_dtype(dtype):
    # float16 moments and steps are computed in float32; other dtypes as they are.
    return numpy.dtype(numpy.float32) if dtype == numpy.float16 else numpy.dtype(dtype)


def _store(dst, src):
    # Writes a float32 working copy back into its float16 array (no-op otherwise).
    if src is not dst:
        dst[...] = src


def _check_hyperparameters(owner, values):
    # Validates the hyperparameters given (None entries are skipped).
    checks = {
        "alpha": lambda n, x: _checks.check_real(owner, n, x),
        "beta1": lambda n, x: _checks.check_interval(owner, n, x, 0, 1, closed_high=False),
        "beta2": lambda n, x: _checks.check_interval(owner, n, x, 0, 1, closed_high=False),
        "eps": lambda n, x: _checks.check_nonnegative(owner, n, x),
        "eta": lambda n, x: _checks.check_real(owner, n, x),
        "weight_decay_rate": lambda n, x: _checks.check_real(owner, n, x),
        "amsgrad": lambda n, x: _checks.check_bool(owner, n, x),
        "adabound": lambda n, x: _checks.check_bool(owner, n, x),
        "final_lr": lambda n, x: _checks.check_real(owner, n, x),
        "gamma": lambda n, x: _checks.check_nonnegative(owner, n, x),
    }
    return {name: checks[name](name, value) for name, value in values.items() if value is not None}


class AdamRule(optimizer.UpdateRule):
    """Update rule of Adam, with the AdamW, AMSGrad and AdaBound options.

    Elementwise, at the ``t``-th update of the parameter:

    .. math::

        m &\\leftarrow m + (1 - \\beta_1)(g - m), \\\\
        v &\\leftarrow v + (1 - \\beta_2)(g^2 - v), \\\\
        \\hat v &\\leftarrow \\max(\\hat v, v) \\quad
            \\text{(AMSGrad; otherwise } \\hat v = v), \\\\
        \\alpha_t &= \\alpha \\sqrt{1 - \\beta_2^t} / (1 - \\beta_1^t), \\\\
        s &= \\alpha_t / (\\sqrt{\\hat v} + \\epsilon) \\quad
            \\text{(AdaBound: clipped to } [\\eta_l(t), \\eta_u(t)]), \\\\
        \\theta &\\leftarrow \\theta - \\eta\\, (s\\, m + \\lambda\\, \\theta)

    with :math:`\\eta` the schedule multiplier ``eta`` and :math:`\\lambda`
    the ``weight_decay_rate``. The weight decay is *decoupled* from the
    adaptive step (AdamW, *Decoupled Weight Decay Regularization*,
    https://arxiv.org/abs/1711.05101): it is not divided by
    :math:`\\sqrt{\\hat v}`. With ``eta = 1`` and ``weight_decay_rate = 0``
    this is plain Adam (https://arxiv.org/abs/1412.6980). AMSGrad is from
    *On the Convergence of Adam and Beyond*
    (https://openreview.net/forum?id=ryQu7f-RZ); AdaBound from *Adaptive
    Gradient Methods with Dynamic Bound of Learning Rate*
    (https://openreview.net/forum?id=Bkg3g2R9FX), with bounds

    .. math::

        \\eta_l(t) = f\\,\\bigl(1 - \\frac{1}{\\gamma t + 1}\\bigr), \\quad
        \\eta_u(t) = f\\,\\bigl(1 + \\frac{1}{\\gamma t}\\bigr), \\quad
        f = \\mathrm{final\\_lr} \\cdot \\alpha / \\alpha_0

    where :math:`\\alpha_0` is ``alpha`` when the rule was created
    (:attr:`initial_alpha`), so that a schedule on ``alpha`` moves the
    bounds with it.

    float16 parameters are updated with float32 arithmetic (the state stays
    float16); ``use_fp32_update()`` keeps float32 state and master weights
    instead. State: ``m``, ``v`` and, with ``amsgrad``, ``vhat`` (zeros at
    first, the parameter's shape and dtype).

    Args:
        parent_hyperparam (~chainer.optimizer.Hyperparameter): the
            hyperparameters to fall back to; the defaults of :class:`Adam`
            when None.
        alpha (float): the step size.
        beta1 (float): the decay rate of the first moment, in [0, 1).
        beta2 (float): the decay rate of the second moment, in [0, 1).
        eps (float): the small value in the denominator (>= 0).
        eta (float): the schedule multiplier (e.g. for warm restarts).
        weight_decay_rate (float): the decoupled weight decay rate.
        amsgrad (bool): use AMSGrad's running maximum of ``v``.
        adabound (bool): clip the step size as AdaBound does.
        final_lr (float): AdaBound's final (SGD) learning rate.
        gamma (float): AdaBound's convergence speed of the bounds (>= 0).

        Every argument left None takes the parent's value.

    Attributes:
        initial_alpha (float or None): ``alpha`` when the rule was created
            (or first needed the AdaBound bounds); None while unused.
    """

    is_elementwise = True

    def __init__(
        self,
        parent_hyperparam=None,
        alpha=None,
        beta1=None,
        beta2=None,
        eps=None,
        eta=None,
        weight_decay_rate=None,
        amsgrad=None,
        adabound=None,
        final_lr=None,
        gamma=None,
    ):
        if parent_hyperparam is None:
            parent_hyperparam = _default_hyperparam
        super().__init__(parent_hyperparam)
        given = {
            "alpha": alpha,
            "beta1": beta1,
            "beta2": beta2,
            "eps": eps,
            "eta": eta,
            "weight_decay_rate": weight_decay_rate,
            "amsgrad": amsgrad,
            "adabound": adabound,
            "final_lr": final_lr,
            "gamma": gamma,
        }
        for name, value in _check_hyperparameters("AdamRule", given).items():
            setattr(self.hyperparam, name, value)
        self.initial_alpha = self.hyperparam.alpha if self.hyperparam.adabound else None

    def init_state(self, param):
        """Creates ``m``, ``v`` and, with ``amsgrad``, ``vhat`` (zeros like the parameter).

        Args:
            param (~chainer.Variable): the parameter.
        """
        xp = param.device.xp
        self.state["m"] = xp.zeros_like(param.array)
        self.state["v"] = xp.zeros_like(param.array)
        if self.hyperparam.amsgrad:
            self.state["vhat"] = xp.zeros_like(param.array)

    def update_core(self, param):
        """Updates the moments and the parameter in place, on the parameter's device.

        Args:
            param (~chainer.Variable): the parameter.

        Raises:
            ValueError: if a non-zero ``eps`` rounds to zero in the dtype of
                the computation.
        """
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        dtype = _intermediate_dtype(param.dtype)
        _checks.check_eps_representable("Adam", hp.eps, dtype)
        alpha_t = self.alpha_t
        bounds = self.bounds if hp.adabound else None
        with backend.using_device(param.device):
            xp = param.device.xp
            state = self.state
            grad = grad.astype(dtype, copy=False)
            m = state["m"].astype(dtype, copy=False)
            v = state["v"].astype(dtype, copy=False)
            m += (1 - hp.beta1) * (grad - m)
            v += (1 - hp.beta2) * (grad * grad - v)
            if hp.amsgrad:
                if "vhat" not in state:  # amsgrad switched on after the state was made
                    state["vhat"] = xp.zeros_like(state["v"])
                vhat = state["vhat"].astype(dtype, copy=False)
                xp.maximum(vhat, v, out=vhat)
                _store(state["vhat"], vhat)
            else:
                vhat = v
            step = xp.sqrt(vhat)
            step += hp.eps
            xp.divide(alpha_t, step, out=step)
            if bounds is not None:
                xp.clip(step, bounds[0], bounds[1], out=step)
            step *= m
            data = param.array.astype(dtype, copy=False)
            if hp.weight_decay_rate != 0:
                step += hp.weight_decay_rate * data
            step *= hp.eta
            data -= step
            _store(state["m"], m)
            _store(state["v"], v)
            _store(param.array, data)

    update_core_cpu = update_core_gpu = update_core

    @property
    def alpha_t(self):
        """float: the bias-corrected step size of the current update (:attr:`t` >= 1).

        Raises:
            RuntimeError: before the first update (``t == 0``).
        """
        return _learning_rate(self.hyperparam, self.t)

    @property
    def lr(self):
        """Deprecated alias of :attr:`alpha_t` (Chainer v6 renamed it).

        Raises:
            RuntimeError: before the first update (``t == 0``).
        """
        warnings.warn(
            "AdamRule.lr has been renamed to AdamRule.alpha_t; AdamRule.lr is deprecated",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.alpha_t

    @property
    def bounds(self):
        """tuple of float: AdaBound's ``(lower, upper)`` step-size bounds at :attr:`t`.

        Raises:
            RuntimeError: before the first update (``t == 0``).
        """
        if self.t == 0:
            raise RuntimeError(
                "the bounds of AdaBound are undefined before the first update: they "
                "depend on the update count t, which is still 0"
            )
        hp = self.hyperparam
        if self.initial_alpha is None:
            self.initial_alpha = hp.alpha
        final_lr = hp.final_lr
        if self.initial_alpha != 0:
            # Follows a schedule on alpha (e.g. an ExponentialShift extension).
            final_lr = final_lr * hp.alpha / self.initial_alpha
        gamma_t = hp.gamma * self.t
        lower = final_lr * (1.0 - 1.0 / (gamma_t + 1.0))
        upper = final_lr * (1.0 + 1.0 / gamma_t) if gamma_t > 0 else math.inf
        return lower, upper


class Adam(optimizer.GradientMethod):
    """Adam optimizer, with decoupled weight decay, AMSGrad and AdaBound options.

    See :class:`AdamRule` for the formula. With the defaults ``eta = 1``
    and ``weight_decay_rate = 0`` it is the Adam of
    https://arxiv.org/abs/1412.6980; ``weight_decay_rate > 0`` gives AdamW
    (https://arxiv.org/abs/1711.05101), ``amsgrad=True`` AMSGrad,
    ``adabound=True`` AdaBound and both flags AMSBound.

    Args:
        alpha (float): the step size (the learning rate before bias correction).
        beta1 (float): the exponential decay rate of the first moment, in [0, 1).
        beta2 (float): the exponential decay rate of the second moment, in [0, 1).
        eps (float): the small value in the denominator (>= 0).
        eta (float): the schedule multiplier, applied to the whole step and
            to the weight decay (e.g. for warm restarts).
        weight_decay_rate (float): the decoupled weight decay rate.
        amsgrad (bool): whether to use the AMSGrad variant.
        adabound (bool): whether to use the AdaBound variant.
        final_lr (float): AdaBound's final (SGD) learning rate.
        gamma (float): AdaBound's convergence speed of the bounds (>= 0).

    Attributes:
        alpha, beta1, beta2, eps, eta, weight_decay_rate, amsgrad, adabound,
        final_lr, gamma: aliases of the entries of ``self.hyperparam``.
    """

    alpha = optimizer.HyperparameterProxy("alpha")
    beta1 = optimizer.HyperparameterProxy("beta1")
    beta2 = optimizer.HyperparameterProxy("beta2")
    eps = optimizer.HyperparameterProxy("eps")
    eta = optimizer.HyperparameterProxy("eta")
    weight_decay_rate = optimizer.HyperparameterProxy("weight_decay_rate")
    amsgrad = optimizer.HyperparameterProxy("amsgrad")
    adabound = optimizer.HyperparameterProxy("adabound")
    final_lr = optimizer.HyperparameterProxy("final_lr")
    gamma = optimizer.HyperparameterProxy("gamma")

    def __init__(
        self,
        alpha=_default_hyperparam.alpha,
        beta1=_default_hyperparam.beta1,
        beta2=_default_hyperparam.beta2,
        eps=_default_hyperparam.eps,
        eta=_default_hyperparam.eta,
        weight_decay_rate=_default_hyperparam.weight_decay_rate,
        amsgrad=_default_hyperparam.amsgrad,
        adabound=_default_hyperparam.adabound,
        final_lr=_default_hyperparam.final_lr,
        gamma=_default_hyperparam.gamma,
    ):
        super().__init__()
        values = {
            "alpha": alpha,
            "beta1": beta1,
            "beta2": beta2,
            "eps": eps,
            "eta": eta,
            "weight_decay_rate": weight_decay_rate,
            "amsgrad": amsgrad,
            "adabound": adabound,
            "final_lr": final_lr,
            "gamma": gamma,
        }
        for name in values:
            if values[name] is None:
                raise TypeError(f"{type(self).__name__}: {name} must not be None")
        for name, value in _check_hyperparameters(type(self).__name__, values).items():
            setattr(self.hyperparam, name, value)

    def create_update_rule(self):
        """Returns a new :class:`AdamRule` that falls back to :attr:`hyperparam`."""
        return AdamRule(self.hyperparam)

    @property
    def alpha_t(self):
        """float: the bias-corrected step size at the optimizer's update count :attr:`t`.

        Raises:
            RuntimeError: before the first update (``t == 0``).
        """
        return _learning_rate(self.hyperparam, self.t)

    @property
    def lr(self):
        """Deprecated alias of :attr:`alpha_t` (Chainer v6 renamed it).

        Raises:
            RuntimeError: before the first update (``t == 0``).
        """
        warnings.warn(
            "Adam.lr has been renamed to Adam.alpha_t; Adam.lr is deprecated",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.alpha_t


class AdamW(Adam):
    """AdamW optimizer: :class:`Adam` with decoupled weight decay.

    The weight decay ``eta * weight_decay_rate * param`` is subtracted from
    the parameter directly instead of being added to the gradient, so it is
    not rescaled by the adaptive denominator (*Decoupled Weight Decay
    Regularization*, https://arxiv.org/abs/1711.05101). This is
    ``Adam(..., weight_decay_rate=weight_decay_rate)``.

    Args:
        alpha (float): the step size.
        beta1 (float): the decay rate of the first moment, in [0, 1).
        beta2 (float): the decay rate of the second moment, in [0, 1).
        eps (float): the small value in the denominator (>= 0).
        eta (float): the schedule multiplier.
        weight_decay_rate (float): the decoupled weight decay rate.
    """

    def __init__(
        self,
        alpha=_default_hyperparam.alpha,
        beta1=_default_hyperparam.beta1,
        beta2=_default_hyperparam.beta2,
        eps=_default_hyperparam.eps,
        eta=_default_hyperparam.eta,
        weight_decay_rate=_default_hyperparam.weight_decay_rate,
    ):
        super().__init__(
            alpha=alpha,
            beta1=beta1,
            beta2=beta2,
            eps=eps,
            eta=eta,
            weight_decay_rate=weight_decay_rate,
        )


class AMSGrad(Adam):
    """AMSGrad optimizer: :class:`Adam` with ``amsgrad=True``.

    The denominator uses the running maximum of the second moment, so the
    per-element step size never grows (https://openreview.net/forum?id=ryQu7f-RZ).

    Args:
        alpha (float): the step size.
        beta1 (float): the decay rate of the first moment, in [0, 1).
        beta2 (float): the decay rate of the second moment, in [0, 1).
        eps (float): the small value in the denominator (>= 0).
        eta (float): the schedule multiplier.
    """

    def __init__(
        self,
        alpha=_default_hyperparam.alpha,
        beta1=_default_hyperparam.beta1,
        beta2=_default_hyperparam.beta2,
        eps=_default_hyperparam.eps,
        eta=_default_hyperparam.eta,
    ):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta, amsgrad=True)


class AdaBound(Adam):
    """AdaBound optimizer: :class:`Adam` with ``adabound=True``.

    The per-element step size is clipped to bounds that close in on
    ``final_lr`` as training goes on, turning Adam into SGD
    (https://openreview.net/forum?id=Bkg3g2R9FX).

    Args:
        alpha (float): the step size.
        beta1 (float): the decay rate of the first moment, in [0, 1).
        beta2 (float): the decay rate of the second moment, in [0, 1).
        final_lr (float): the final (SGD) learning rate.
        gamma (float): the convergence speed of the bounds (>= 0).
        eps (float): the small value in the denominator (>= 0).
        eta (float): the schedule multiplier.
    """

    def __init__(
        self,
        alpha=_default_hyperparam.alpha,
        beta1=_default_hyperparam.beta1,
        beta2=_default_hyperparam.beta2,
        final_lr=_default_hyperparam.final_lr,
        gamma=_default_hyperparam.gamma,
        eps=_default_hyperparam.eps,
        eta=_default_hyperparam.eta,
    ):
        super().__init__(
            alpha=alpha,
            beta1=beta1,
            beta2=beta2,
            eps=eps,
            eta=eta,
            adabound=True,
            final_lr=final_lr,
            gamma=gamma,
        )


class AMSBound(Adam):
    """AMSBound optimizer: :class:`Adam` with ``amsgrad=True`` and ``adabound=True``.

    AdaBound's clipped step size on top of AMSGrad's running maximum of the
    second moment (https://openreview.net/forum?id=Bkg3g2R9FX).

    Args:
        alpha (float): the step size.
        beta1 (float): the decay rate of the first moment, in [0, 1).
        beta2 (float): the decay rate of the second moment, in [0, 1).
        final_lr (float): the final (SGD) learning rate.
        gamma (float): the convergence speed of the bounds (>= 0).
        eps (float): the small value in the denominator (>= 0).
        eta (float): the schedule multiplier.
    """

    def __init__(
        self,
        alpha=_default_hyperparam.alpha,
        beta1=_default_hyperparam.beta1,
        beta2=_default_hyperparam.beta2,
        final_lr=_default_hyperparam.final_lr,
        gamma=_default_hyperparam.gamma,
        eps=_default_hyperparam.eps,
        eta=_default_hyperparam.eta,
    ):
        super().__init__(
            alpha=alpha,
            beta1=beta1,
            beta2=beta2,
            eps=eps,
            eta=eta,
            amsgrad=True,
            adabound=True,
            final_lr=final_lr,
            gamma=gamma,
        )
