"""Optimizers: first-order gradient methods (Chainer v7's ``chainer.optimizers``).

Each optimizer is a :class:`~chainer.GradientMethod` that gives every
parameter of its target link an :class:`~chainer.UpdateRule` holding the
per-parameter state and the update formula. Hyperparameters are read and
written through the optimizer (``opt.lr = 0.01``) and can be overridden
per parameter (``param.update_rule.hyperparam.lr = 0.001``).

Example:
    >>> model = chainer.links.Linear(3, 2)           # doctest: +SKIP
    >>> opt = chainer.optimizers.Adam(alpha=1e-3)    # doctest: +SKIP
    >>> opt.setup(model)                             # doctest: +SKIP
    >>> opt.update(lossfun, x, t)                    # doctest: +SKIP
"""

from chainer.optimizers.ada_delta import AdaDelta
from chainer.optimizers.ada_grad import AdaGrad
from chainer.optimizers.adam import AdaBound, Adam, AdamW, AMSBound, AMSGrad
from chainer.optimizers.corrected_momentum_sgd import CorrectedMomentumSGD
from chainer.optimizers.momentum_sgd import MomentumSGD
from chainer.optimizers.msvag import MSVAG
from chainer.optimizers.nesterov_ag import NesterovAG
from chainer.optimizers.rmsprop import RMSprop
from chainer.optimizers.rmsprop_graves import RMSpropGraves
from chainer.optimizers.sgd import SGD
from chainer.optimizers.smorms3 import SMORMS3

__all__ = [
    "AMSBound",
    "AMSGrad",
    "AdaBound",
    "AdaDelta",
    "AdaGrad",
    "Adam",
    "AdamW",
    "CorrectedMomentumSGD",
    "MSVAG",
    "MomentumSGD",
    "NesterovAG",
    "RMSprop",
    "RMSpropGraves",
    "SGD",
    "SMORMS3",
]
