"""RMSpropGraves: centered RMSprop with momentum step by step, convergence, resume."""

import numpy
import pytest

from chainer import optimizers

LR, ALPHA, MU, EPS = 0.01, 0.95, 0.9, 1e-4


def reference(p, g, state, t):
    # Graves 2013 (https://arxiv.org/abs/1308.0850), eqs. (38)-(41).
    n = ALPHA * state.get("n", numpy.zeros_like(p)) + (1 - ALPHA) * g * g
    gbar = ALPHA * state.get("g", numpy.zeros_like(p)) + (1 - ALPHA) * g
    delta = MU * state.get("delta", numpy.zeros_like(p)) - LR * g / numpy.sqrt(n - gbar**2 + EPS)
    state.update(n=n, g=gbar, delta=delta)
    return p + delta


def test_three_steps_match_formula(optimizer_check, dtype, device):
    optimizer_check.steps(
        lambda: optimizers.RMSpropGraves(lr=LR, alpha=ALPHA, momentum=MU, eps=EPS),
        reference,
        dtype,
        device,
    )


def test_converges_on_quadratic(optimizer_check):
    optimizer_check.converges(
        lambda: optimizers.RMSpropGraves(lr=0.01, momentum=0.5), 300, tol=1e-3
    )


def test_resume_from_serialized_state_is_exact(optimizer_check):
    store = optimizer_check.resume(lambda: optimizers.RMSpropGraves(lr=LR))
    assert sorted(k for k in store if k.startswith("w/")) == ["w/delta", "w/g", "w/n", "w/t"]


def test_defaults_and_bad_arguments():
    opt = optimizers.RMSpropGraves()
    assert (opt.lr, opt.alpha, opt.momentum, opt.eps) == (1e-4, 0.95, 0.9, 1e-4)
    with pytest.raises(ValueError, match="RMSpropGraves: momentum must be in"):
        optimizers.RMSpropGraves(momentum=1.1)
