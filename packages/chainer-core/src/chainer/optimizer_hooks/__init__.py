"""Optimizer hooks (Chainer v7's ``chainer.optimizer_hooks``).

A hook changes the gradients around an update: register it on an
optimizer with ``optimizer.add_hook(hook)`` (after ``setup``) or on a
single parameter's rule with ``param.update_rule.add_hook(hook)``. Each
hook has a ``name`` (the default registration name) and a ``timing``
(``'pre'``: before the update). Hooks with ``call_for_each_param = True``
are called as ``hook(rule, param)`` for every parameter; the others
(:class:`GradientClipping`) as ``hook(optimizer)``.

Example:
    >>> opt = chainer.optimizers.MomentumSGD().setup(model)      # doctest: +SKIP
    >>> opt.add_hook(chainer.optimizer_hooks.WeightDecay(1e-4))  # doctest: +SKIP
    >>> opt.add_hook(chainer.optimizer_hooks.GradientClipping(5.0))  # doctest: +SKIP
"""

from chainer.optimizer_hooks.gradient_clipping import GradientClipping
from chainer.optimizer_hooks.gradient_hard_clipping import GradientHardClipping
from chainer.optimizer_hooks.gradient_lars import GradientLARS
from chainer.optimizer_hooks.gradient_noise import GradientNoise, exponential_decay_noise
from chainer.optimizer_hooks.lasso import Lasso
from chainer.optimizer_hooks.weight_decay import WeightDecay

__all__ = [
    "GradientClipping",
    "GradientHardClipping",
    "GradientLARS",
    "GradientNoise",
    "Lasso",
    "WeightDecay",
    "exponential_decay_noise",
]
