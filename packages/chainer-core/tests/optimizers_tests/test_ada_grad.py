"""AdaGrad: ``h += g^2; p -= lr g / (sqrt(h) + eps)`` step by step, convergence, resume."""

import numpy
import pytest

from chainer import optimizers
from chainer.optimizers import ada_grad

LR, EPS = 0.1, 1e-8


def reference(p, g, state, t):
    h = state.get("h", numpy.zeros_like(p)) + g * g
    state["h"] = h
    return p - LR * g / (numpy.sqrt(h) + EPS)


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(lambda: optimizers.AdaGrad(lr=LR, eps=EPS), reference, dtype, device)


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.AdaGrad(lr=0.5), 200, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.AdaGrad(lr=LR, eps=EPS))
    assert sorted(store) == ["b/h", "b/t", "epoch", "t", "w/h", "w/t"]


def test_defaults():
    opt = optimizers.AdaGrad()
    assert (opt.lr, opt.eps) == (0.001, 1e-8)
    rule = ada_grad.AdaGradRule(eps=1e-4)
    assert (rule.hyperparam.lr, rule.hyperparam.eps) == (0.001, 1e-4)


def test_bad_eps_is_rejected():
    with pytest.raises(ValueError, match="AdaGrad: eps must be >= 0, not -1"):
        optimizers.AdaGrad(eps=-1)
