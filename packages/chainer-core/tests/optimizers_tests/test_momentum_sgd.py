"""MomentumSGD: ``v = mu v - lr g; p += v`` step by step, convergence, resume."""

import numpy
import pytest

import chainer
from chainer import optimizers
from chainer.optimizers import momentum_sgd

LR, MU = 0.1, 0.9


def reference(p, g, state, t):
    v = state.get("v", numpy.zeros_like(p))
    v = MU * v - LR * g
    state["v"] = v
    return p + v


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(
        lambda: optimizers.MomentumSGD(lr=LR, momentum=MU), reference, dtype, device
    )


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.MomentumSGD(lr=0.1, momentum=0.5), 100, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.MomentumSGD(lr=LR, momentum=MU))
    assert sorted(store) == ["b/t", "b/v", "epoch", "t", "w/t", "w/v"]


def test_learning_rate_change_only_affects_new_gradients():
    # The velocity carries lr: changing lr rescales only the new gradient term.
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(1))
    opt = optimizers.MomentumSGD(lr=0.1, momentum=0.5).setup(link)
    link.x.grad = numpy.ones(1)
    opt.update()  # v = -0.1
    opt.lr = 1.0
    opt.update()  # v = -0.05 - 1.0
    numpy.testing.assert_allclose(link.x.array, [-0.1 - 1.05])


def test_defaults_and_proxies():
    opt = optimizers.MomentumSGD()
    assert (opt.lr, opt.momentum) == (0.01, 0.9)
    opt.momentum = 0.5
    assert opt.hyperparam.momentum == 0.5
    rule = momentum_sgd.MomentumSGDRule()
    assert (rule.hyperparam.lr, rule.hyperparam.momentum) == (0.01, 0.9)


@pytest.mark.parametrize("momentum", [-0.1, 1.5, float("nan")])
def test_bad_momentum_is_rejected(momentum):
    with pytest.raises(ValueError, match=r"MomentumSGD: momentum must be in \[0, 1\]"):
        optimizers.MomentumSGD(momentum=momentum)
