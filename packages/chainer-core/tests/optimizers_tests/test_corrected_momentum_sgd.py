"""CorrectedMomentumSGD: ``v = mu v - g; p += lr v`` step by step, convergence, resume."""

import numpy
import pytest

import chainer
from chainer import optimizers

LR, MU = 0.1, 0.9


def reference(p, g, state, t):
    v = state.get("v", numpy.zeros_like(p))
    v = MU * v - g
    state["v"] = v
    return p + LR * v


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(
        lambda: optimizers.CorrectedMomentumSGD(lr=LR, momentum=MU), reference, dtype, device
    )


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(
        lambda: optimizers.CorrectedMomentumSGD(lr=0.1, momentum=0.5), 100, tol=1e-4
    )


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.CorrectedMomentumSGD(lr=LR, momentum=MU))
    assert sorted(store) == ["b/t", "b/v", "epoch", "t", "w/t", "w/v"]


def _run(opt_class, lrs):
    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.zeros(1))
    opt = opt_class(lr=lrs[0], momentum=0.5).setup(link)
    for lr in lrs:
        opt.lr = lr
        link.x.grad = numpy.ones(1)
        opt.update()
    return link.x.array


def test_same_as_momentum_sgd_for_a_constant_learning_rate():
    numpy.testing.assert_allclose(
        _run(optimizers.CorrectedMomentumSGD, [0.1] * 4), _run(optimizers.MomentumSGD, [0.1] * 4)
    )


def test_learning_rate_change_rescales_the_whole_velocity():
    # v = -1, then v = -0.5 - 1 = -1.5 applied with lr = 1.0.
    numpy.testing.assert_allclose(_run(optimizers.CorrectedMomentumSGD, [0.1, 1.0]), [-0.1 - 1.5])


def test_defaults():
    opt = optimizers.CorrectedMomentumSGD()
    assert (opt.lr, opt.momentum) == (0.01, 0.9)


def test_bad_arguments_are_rejected():
    with pytest.raises(TypeError, match="CorrectedMomentumSGD: lr must be a real number"):
        optimizers.CorrectedMomentumSGD(lr="x")
    with pytest.raises(ValueError, match="CorrectedMomentumSGD: momentum must be in"):
        optimizers.CorrectedMomentumSGD(momentum=2)
