"""NesterovAG: the look-ahead momentum update step by step, convergence, resume."""

import numpy
import pytest

from chainer import optimizers

LR, MU = 0.1, 0.9


def reference(p, g, state, t):
    # Nesterov momentum in the look-ahead variable (Bengio et al. 2012,
    # https://arxiv.org/abs/1212.0901, eq. (7)): the new velocity, then
    # p += mu^2 v - (1 + mu) lr g.
    v = state.get("v", numpy.zeros_like(p))
    v = MU * v - LR * g
    state["v"] = v
    return p + MU * MU * v - (1 + MU) * LR * g


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(
        lambda: optimizers.NesterovAG(lr=LR, momentum=MU), reference, dtype, device
    )


def test_first_step_moves_by_one_plus_mu_plus_mu_squared_lr_g():
    import chainer

    link = chainer.Link()
    with link.init_scope():
        link.x = chainer.Parameter(numpy.array([1.0]))
    opt = optimizers.NesterovAG(lr=LR, momentum=MU).setup(link)
    link.x.grad = numpy.array([2.0])
    opt.update()
    numpy.testing.assert_allclose(link.x.array, [1 - (1 + MU + MU * MU) * LR * 2])


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(lambda: optimizers.NesterovAG(lr=0.1, momentum=0.5), 100, tol=1e-4)


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.NesterovAG(lr=LR, momentum=MU))
    assert sorted(store) == ["b/t", "b/v", "epoch", "t", "w/t", "w/v"]


def test_defaults_and_bad_arguments():
    opt = optimizers.NesterovAG()
    assert (opt.lr, opt.momentum) == (0.01, 0.9)
    with pytest.raises(ValueError, match="NesterovAG: momentum must be in"):
        optimizers.NesterovAG(momentum=-1)
